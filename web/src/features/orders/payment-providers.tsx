import { useId, useState, type ReactNode } from 'react';
import { api, dataOf } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { chosenProvider, offersChoice, type PaymentProviderName } from './payment-step';
import './buyer-orders.css';

export const PROVIDER_LABEL: Record<PaymentProviderName, MessageKey> = {
  alipay: 'orders.provider.alipay',
  wechatpay: 'orders.provider.wechatpay',
  sandbox: 'orders.provider.sandbox',
};

let offered: Promise<PaymentProviderName[]> | null = null;

/** The deployment's ways to pay, in its order. Asked once per visit: they change only with a redeploy. */
export function fetchPaymentProviders(): Promise<PaymentProviderName[]> {
  offered ??= dataOf(api.GET('/api/v1/payments/providers')).then(
    (answer) => answer.providers,
    (error: unknown) => {
      // A failed answer is not kept: the next ask tries again.
      offered = null;
      throw error;
    },
  );
  return offered;
}

export interface ProviderPicker {
  /** What a payment started now goes through; null while the offer loads, or if nothing is offered. */
  provider: PaymentProviderName | null;
  /** The choice to show, only when there is one to make. */
  choice: ReactNode;
  /** Whether the buyer has more than one way to pay. */
  hasChoice: boolean;
}

/** The way to pay: the deployment's first unless the buyer picks another, with the chips to pick it. */
export function useProviderPicker(): ProviderPicker {
  const t = useT();
  const titleId = useId();
  const providers = useRequest(() => fetchPaymentProviders(), []);
  const [picked, setPicked] = useState<PaymentProviderName | null>(null);
  const list = providers.data ?? [];
  const provider = chosenProvider(list, picked);
  let choice: ReactNode = null;
  if (providers.error !== undefined) {
    choice = (
      <div className="checkout-providers">
        <p className="form-message form-message--error" role="alert">
          {t('orders.provider.loadFailed')}
        </p>
        <button type="button" className="button button--secondary" onClick={providers.retry}>
          {t('orders.provider.retry')}
        </button>
      </div>
    );
  } else if (offersChoice(list)) {
    choice = (
      <div className="checkout-providers">
        <h2 className="panel__title" id={titleId}>
          {t('orders.provider.title')}
        </h2>
        <div className="chip-wrap" role="group" aria-labelledby={titleId}>
          {list.map((candidate) => (
            <button key={candidate} type="button" className="chip" data-provider={candidate} aria-pressed={provider === candidate} onClick={() => setPicked(candidate)}>
              {t(PROVIDER_LABEL[candidate])}
            </button>
          ))}
        </div>
      </div>
    );
  }
  return { provider, choice, hasChoice: offersChoice(list) };
}
