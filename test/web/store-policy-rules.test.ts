import { describe, expect, it } from 'vitest';
import {
  basisPointsToPercent,
  fenToYuan,
  percentToBasisPoints,
  problemsOfRefusal,
  readWhole,
  yuanToFen,
  type Problems,
} from '../../web/src/features/store-policy/store-policy-rules.js';

// The store policy forms' rules, without a browser: typed values, bounds, and server refusals put on their fields.

describe('typed values', () => {
  it('reads percentages into basis points and back', () => {
    expect(['4.99', '20', '0', '7,99', '100.5'].map(percentToBasisPoints)).toEqual([499, 2000, 0, 799, 10050]);
    expect(['', '4.999', '-1', 'abc', '1e3'].map(percentToBasisPoints)).toEqual([null, null, null, null, null]);
    expect([499, 2000, 1050, 5].map(basisPointsToPercent)).toEqual(['4.99', '20', '10.5', '0.05']);
  });

  it('reads yuan into fen and back', () => {
    expect(['27,960', '5000', '0.5', '12.34'].map(yuanToFen)).toEqual([2_796_000, 500_000, 50, 1234]);
    expect(['', '1.234', '-5', 'five'].map(yuanToFen)).toEqual([null, null, null, null]);
    expect([2_796_000, 50].map(fenToYuan)).toEqual(['27960', '0.50']);
  });

  it('marks a whole number out of bounds with its bounds', () => {
    const problems: Problems = {};
    expect(readWhole(problems, 'holdMinutes', '4', { min: 5, max: 120 })).toBe(4);
    readWhole(problems, 'buildWeeks', '8', { min: 1, max: 52 });
    readWhole(problems, 'pickupMaxAttempts', '2.5', { min: 1, max: 20 });
    expect(problems).toEqual({
      holdMinutes: { key: 'storePolicy.error.range', params: { min: 5, max: 120 } },
      pickupMaxAttempts: { key: 'storePolicy.error.range', params: { min: 1, max: 20 } },
    });
  });
});

describe('server refusals', () => {
  const yuan = (fen: number) => `¥${fen / 100}`;

  it('puts the deposit ceiling on the deposit the server names', () => {
    const refusal = {
      status: 422,
      code: 'STORE_POLICY_INVALID',
      errors: [{ path: 'body.deposits[2].amount', message: 'is above 20% of the model’s cheapest trim' }],
      limits: [{ path: 'body.deposits[2].amount', max: 2_796_000 }],
    };
    expect(problemsOfRefusal(refusal, yuan)).toEqual({
      fields: { 'deposits[2].amount': { key: 'storePolicy.deposits.tooHigh', params: { max: '¥27960' } } },
      form: 'storePolicy.error.fields',
    });
  });

  it('names the rule a cross-field refusal broke, and a refused value otherwise', () => {
    const refusal = {
      status: 422,
      code: 'STORE_POLICY_INVALID',
      errors: [
        { path: 'body.loan.maxMonths', message: 'must not be below the shortest loan' },
        { path: 'body.lease.balloonBasisPoints', message: 'and the down payment must not exceed the price' },
      ],
      limits: [],
    };
    expect(problemsOfRefusal(refusal, yuan).fields).toEqual({
      'loan.maxMonths': { key: 'storePolicy.finance.monthsOrder' },
      'lease.balloonBasisPoints': { key: 'storePolicy.finance.sharesAbovePrice' },
    });
    const validation = { status: 400, code: 'REQUEST_VALIDATION_FAILED', errors: [{ path: 'body.holdMinutes', message: 'must be >= 5' }], limits: [] };
    expect(problemsOfRefusal(validation, yuan).fields).toEqual({ holdMinutes: { key: 'storePolicy.error.refused' } });
  });

  it('tells a stale version, a refusal without fields and a lost connection apart', () => {
    expect(problemsOfRefusal({ status: 409, code: 'STORE_POLICY_STALE', errors: [], limits: [] }, yuan)).toEqual({ fields: {}, form: 'storePolicy.error.stale' });
    expect(problemsOfRefusal({ status: 403, code: 'ACCESS_FORBIDDEN', errors: [], limits: [] }, yuan)).toEqual({ fields: {}, form: 'storePolicy.error.generic' });
    expect(problemsOfRefusal(null, yuan)).toEqual({ fields: {}, form: 'storePolicy.error.network' });
  });
});
