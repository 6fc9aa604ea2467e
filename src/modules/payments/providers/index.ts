import type { PaymentsConfig } from '../../../config.js';
import { alipayProvider } from './alipay.js';
import type { PaymentProvider, ProviderName } from './provider.js';
import { sandboxProvider } from './sandbox.js';
import { wechatpayProvider } from './wechatpay.js';

export interface ProviderDeps {
  fetch?: typeof fetch;
  /** Dates outgoing requests (Alipay's timestamp, WeChat Pay's Authorization); the wall clock by default. */
  now?: () => Date;
}

/** The enabled providers, by name, in the order PAYMENT_PROVIDERS lists them. */
export function providersFromConfig(config: PaymentsConfig, deps: ProviderDeps = {}): Map<ProviderName, PaymentProvider> {
  const fetchImpl = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const providers = new Map<ProviderName, PaymentProvider>();
  for (const name of config.enabled) {
    if (name === 'sandbox') providers.set(name, sandboxProvider(config.sandbox));
    else if (name === 'alipay') providers.set(name, alipayProvider(required(config.alipay, name), { fetch: fetchImpl, now }));
    else providers.set(name, wechatpayProvider(required(config.wechatpay, name), { fetch: fetchImpl, now }));
  }
  return providers;
}

/** loadConfig refuses an enabled provider without settings; this guards hand-built configs. */
function required<T>(settings: T | undefined, name: ProviderName): T {
  if (!settings) throw new Error(`Payment provider ${name} is enabled without its settings`);
  return settings;
}
