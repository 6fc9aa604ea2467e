import { describe, expect, it } from 'vitest';
import { counterProblemOf, groupCode, isRefundable, offerProblemsOf, reportRange, typedCode } from '../../web/src/features/vouchers/voucher-rules.js';

describe('a voucher code', () => {
  it('is shown in groups of four, as it is read out at a counter', () => {
    expect(groupCode('123456789012')).toBe('1234 5678 9012');
  });

  it('is taken as typed with spaces or dashes, and only when it is twelve digits', () => {
    expect(typedCode('1234 5678 9012')).toBe('123456789012');
    expect(typedCode(' 1234-5678-9012 ')).toBe('123456789012');
    expect(typedCode('123456789012')).toBe('123456789012');
    expect(typedCode('1234 5678 901')).toBeNull();
    expect(typedCode('1234 5678 90123')).toBeNull();
    expect(typedCode('1234 5678 901a')).toBeNull();
    expect(typedCode('')).toBeNull();
  });
});

describe('refunding a voucher', () => {
  const paid = { status: 'active', refundableUntil: '2026-03-09T02:00:00.000Z' };
  const before = Date.parse('2026-03-09T01:59:59.000Z');
  const at = Date.parse('2026-03-09T02:00:00.000Z');

  it('is offered while unused and within the window, never after it or once used', () => {
    expect(isRefundable(paid, before)).toBe(true);
    expect(isRefundable(paid, at)).toBe(false);
    expect(isRefundable({ ...paid, status: 'redeemed' }, before)).toBe(false);
    expect(isRefundable({ ...paid, status: 'pending_payment', refundableUntil: null }, before)).toBe(false);
  });
});

describe('the redemption report', () => {
  it('runs from the first Shanghai day’s midnight to the midnight after the last day', () => {
    // Midnight in Shanghai is 16:00 UTC the day before.
    expect(reportRange('2026-03-01', '2026-03-31')).toEqual({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    expect(reportRange('2026-03-02', '2026-03-02')).toEqual({ from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z' });
  });

  it('refuses an end before the start, and what is not a date', () => {
    expect(reportRange('2026-03-02', '2026-03-01')).toBeNull();
    expect(reportRange('2026-02-30', '2026-03-01')).toBeNull();
    expect(reportRange('', '2026-03-01')).toBeNull();
  });
});

describe('a refused offer', () => {
  it('shows each domain refusal beside the field it is about', () => {
    expect(offerProblemsOf({ status: 409, code: 'VOUCHER_OFFER_SLUG_TAKEN' })).toEqual({ slug: 'vouchers.admin.error.slugTaken' });
    expect(offerProblemsOf({ status: 422, code: 'VOUCHER_VALUE_BELOW_PRICE' })).toEqual({ value: 'vouchers.admin.error.valueBelowPrice' });
    expect(offerProblemsOf({ status: 422, code: 'VOUCHER_SCHEDULE_INVALID' })).toEqual({
      saleEndsAt: 'vouchers.admin.error.schedule',
      validUntil: 'vouchers.admin.error.schedule',
    });
  });

  it('shows a validation problem beside each field it names, and the rest under the form', () => {
    const refused = {
      status: 400,
      code: 'REQUEST_VALIDATION_FAILED',
      errors: [
        { path: 'body.price', message: 'must be >= 1' },
        { path: 'body.name.fr', message: 'must not be blank' },
        { path: 'body.unitsTotal', message: 'must be >= 1' },
        { path: 'querystring.locale', message: 'is invalid' },
      ],
    };
    expect(offerProblemsOf(refused)).toEqual({
      price: 'vouchers.admin.error.field',
      name: 'vouchers.admin.error.field',
      unitsTotal: 'vouchers.admin.error.field',
      form: 'vouchers.admin.error.field',
    });
  });

  it('says a lost connection and an unknown refusal under the form', () => {
    expect(offerProblemsOf(null)).toEqual({ form: 'vouchers.admin.error.network' });
    expect(offerProblemsOf({ status: 500, code: 'INTERNAL' })).toEqual({ form: 'vouchers.admin.error.generic' });
  });
});

describe('a refusal at the counter', () => {
  it('is told in the staff’s words, a rate limit included', () => {
    expect(counterProblemOf({ status: 404, code: 'VOUCHER_CODE_NOT_FOUND' })).toBe('vouchers.counter.error.unknownCode');
    expect(counterProblemOf({ status: 409, code: 'VOUCHER_NOT_REDEEMABLE' })).toBe('vouchers.counter.error.notRedeemable');
    expect(counterProblemOf({ status: 422, code: 'VOUCHER_NOT_THE_ORDERS_BUYER' })).toBe('vouchers.counter.error.otherBuyer');
    expect(counterProblemOf({ status: 429, code: 'RATE_LIMITED' })).toBe('vouchers.counter.error.tooMany');
    expect(counterProblemOf(null)).toBe('vouchers.counter.error.network');
  });
});
