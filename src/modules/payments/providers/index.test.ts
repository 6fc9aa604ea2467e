import { describe, expect, it } from 'vitest';
import { testPaymentEnv, testPaymentKeys, testPaymentsConfig } from '../../../../test/helpers/payment-keys.js';
import { alipayCallback, sandboxCallback, wechatpayCallback } from '../../../../test/helpers/payment-signers.js';
import { loadConfig } from '../../../config.js';
import { providersFromConfig } from './index.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const NOW_SECONDS = 1772416800;
const keys = testPaymentKeys();
const fields = { paymentId: 'pay_01JNB0', transactionId: 'T-1', amount: 1, currency: 'CNY', status: 'paid' as 'paid' | 'failed' };

describe('providersFromConfig', () => {
  it('builds the sandbox alone by default', () => {
    expect([...providersFromConfig(loadConfig({}).payments).keys()]).toEqual(['sandbox']);
  });

  it('builds the enabled providers in the order they are listed', () => {
    const config = loadConfig({ ...testPaymentEnv('http://127.0.0.1:9'), PAYMENT_PROVIDERS: 'wechatpay,alipay' });
    const providers = providersFromConfig(config.payments);
    expect([...providers.keys()]).toEqual(['wechatpay', 'alipay']);
    expect([...providers.values()].map((provider) => provider.name)).toEqual(['wechatpay', 'alipay']);
  });

  it('verifies each provider’s callbacks with the keys read from the environment', () => {
    const providers = providersFromConfig(loadConfig(testPaymentEnv('http://127.0.0.1:9')).payments);
    const verify = (name: 'sandbox' | 'alipay' | 'wechatpay', callback: { headers: Record<string, string>; body: string }) =>
      providers.get(name)!.verifyNotification({ headers: callback.headers, rawBody: Buffer.from(callback.body) }, NOW);
    const paid = { kind: 'paid', paymentId: 'pay_01JNB0', transactionId: 'T-1', amount: 1, currency: 'CNY' };
    expect(verify('sandbox', sandboxCallback(keys.sandboxSecret, fields, NOW_SECONDS))).toMatchObject(paid);
    expect(verify('alipay', alipayCallback(keys, fields))).toMatchObject(paid);
    expect(verify('wechatpay', wechatpayCallback(keys, fields, { timestampSeconds: NOW_SECONDS }))).toMatchObject(paid);
  });

  it('refuses an enabled provider without its settings in a hand-built config', () => {
    const config = { ...testPaymentsConfig('http://127.0.0.1:9'), alipay: undefined };
    expect(() => providersFromConfig(config)).toThrow('Payment provider alipay is enabled without its settings');
  });
});
