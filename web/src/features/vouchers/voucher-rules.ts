/*
 * The vouchers' pure rules: how a code is shown and typed, when a refund is offered, a report's
 * days as instants, and which words and fields a refusal goes to. No imports, so they are tested
 * without a browser.
 */

/** "123456789012" as it is read aloud and typed: "1234 5678 9012". */
export function groupCode(code: string): string {
  return code.replace(/\D/g, '').replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What staff typed, as the API takes it: the twelve digits, or null while it is not twelve digits. */
export function typedCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? digits : null;
}

/** Whether the buyer may still give the voucher back: unused, paid, within the store's window. */
export function isRefundable(voucher: { status: string; refundableUntil: string | null }, now: number): boolean {
  return voucher.status === 'active' && voucher.refundableUntil !== null && Date.parse(voucher.refundableUntil) > now;
}

const DAY_MS = 86_400_000;
/** Shanghai keeps no summer time: it is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-03-02" read as a Shanghai day: its midnight as an instant, or null for what is not a date. */
function shanghaiMidnight(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, date));
  // 2026-02-30 would roll into March: refused rather than moved.
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== date) return null;
  return utc.getTime() - SHANGHAI_OFFSET_MS;
}

/**
 * A report's Shanghai days, both included, as the instants the API takes: [the first day's
 * midnight, the midnight after the last day). Null for what is not a date, or an end before the start.
 */
export function reportRange(from: string, to: string): { from: string; to: string } | null {
  const start = shanghaiMidnight(from);
  const lastDay = shanghaiMidnight(to);
  if (start === null || lastDay === null || lastDay < start) return null;
  return { from: new Date(start).toISOString(), to: new Date(lastDay + DAY_MS).toISOString() };
}

/** The offer form's fields a refusal is about, so it shows beside them; `form` is under the form. */
export type OfferField = 'slug' | 'name' | 'terms' | 'price' | 'value' | 'unitsTotal' | 'perBuyerLimit' | 'payMinutes' | 'saleStartsAt' | 'saleEndsAt' | 'validUntil' | 'form';

const OFFER_FIELDS: readonly OfferField[] = ['slug', 'name', 'terms', 'price', 'value', 'unitsTotal', 'perBuyerLimit', 'payMinutes', 'saleStartsAt', 'saleEndsAt', 'validUntil'];

export type OfferProblem =
  | 'vouchers.admin.error.network'
  | 'vouchers.admin.error.slugTaken'
  | 'vouchers.admin.error.valueBelowPrice'
  | 'vouchers.admin.error.schedule'
  | 'vouchers.admin.error.field'
  | 'vouchers.admin.error.generic';

/** What a refusal says: its code and the fields it names; null when no answer came. */
export interface Refusal {
  status: number;
  code: string | undefined;
  errors?: { path: string }[] | undefined;
}

/**
 * A refused offer, field by field: the domain codes name their field, and a validation problem
 * names its fields as `body.price` or `body.name.fr`.
 */
export function offerProblemsOf(refusal: Refusal | null): Partial<Record<OfferField, OfferProblem>> {
  if (!refusal) return { form: 'vouchers.admin.error.network' };
  switch (refusal.code) {
    case 'VOUCHER_OFFER_SLUG_TAKEN':
      return { slug: 'vouchers.admin.error.slugTaken' };
    case 'VOUCHER_VALUE_BELOW_PRICE':
      return { value: 'vouchers.admin.error.valueBelowPrice' };
    case 'VOUCHER_SCHEDULE_INVALID':
      return { saleEndsAt: 'vouchers.admin.error.schedule', validUntil: 'vouchers.admin.error.schedule' };
    case 'REQUEST_VALIDATION_FAILED': {
      const problems: Partial<Record<OfferField, OfferProblem>> = {};
      for (const { path } of refusal.errors ?? []) {
        const field = OFFER_FIELDS.find((name) => new RegExp(`^body[./]${name}(?:$|[.[])`).test(path));
        problems[field ?? 'form'] = 'vouchers.admin.error.field';
      }
      return Object.keys(problems).length > 0 ? problems : { form: 'vouchers.admin.error.field' };
    }
    default:
      return { form: 'vouchers.admin.error.generic' };
  }
}

export type CounterProblem =
  | 'vouchers.counter.error.network'
  | 'vouchers.counter.error.tooMany'
  | 'vouchers.counter.error.unknownCode'
  | 'vouchers.counter.error.notRedeemable'
  | 'vouchers.counter.error.expired'
  | 'vouchers.counter.error.otherBuyer'
  | 'vouchers.counter.error.orderNotPayable'
  | 'vouchers.counter.error.orderNotFound'
  | 'vouchers.counter.error.validation'
  | 'vouchers.counter.error.generic';

/** What to tell staff when a code is refused at the counter. */
export function counterProblemOf(refusal: Refusal | null): CounterProblem {
  if (!refusal) return 'vouchers.counter.error.network';
  if (refusal.status === 429) return 'vouchers.counter.error.tooMany';
  switch (refusal.code) {
    case 'VOUCHER_CODE_NOT_FOUND':
      return 'vouchers.counter.error.unknownCode';
    case 'VOUCHER_NOT_REDEEMABLE':
      return 'vouchers.counter.error.notRedeemable';
    case 'VOUCHER_EXPIRED':
      return 'vouchers.counter.error.expired';
    case 'VOUCHER_NOT_THE_ORDERS_BUYER':
      return 'vouchers.counter.error.otherBuyer';
    case 'VOUCHER_ORDER_NOT_PAYABLE':
      return 'vouchers.counter.error.orderNotPayable';
    case 'ORDER_NOT_FOUND':
      return 'vouchers.counter.error.orderNotFound';
    case 'REQUEST_VALIDATION_FAILED':
      return 'vouchers.counter.error.validation';
    default:
      return 'vouchers.counter.error.generic';
  }
}
