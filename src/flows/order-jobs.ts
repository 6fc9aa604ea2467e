import type { JobHandler } from '../modules/jobs/jobs.runner.js';
import { expireOrder, type CampaignGateDeps } from './order-life.js';
import { ORDER_EXPIRE } from './open-order.js';
import { PAYMENT_REFUND } from './money-ledger.js';
import { runRefund, type PaymentDeps } from './settle-payment.js';

/**
 * order.expire runs when an unpaid order's hold ends (a paid or cancelled order is left alone);
 * payment.refund asks the provider for one refund, retried with backoff until it answers.
 */
export function orderJobHandlers(deps: PaymentDeps & CampaignGateDeps): Record<string, JobHandler> {
  return {
    [ORDER_EXPIRE]: async (raw) => {
      await expireOrder(deps, (raw as { orderId: string }).orderId);
    },
    [PAYMENT_REFUND]: async (raw) => {
      await runRefund(deps, (raw as { refundId: string }).refundId);
    },
  };
}
