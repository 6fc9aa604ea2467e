import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';

// Finance quotes on the demo policy (no finance_policy row): loans at 4.99% with 20% down (15%
// for an NEV), lease-to-own at 7.99% with 10% down, 12 rents and a 60% balloon. The literals were
// worked out with exact fractions, apart from the code.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const KOLEOS_PRICE = 17_980_000;
const KZE_PRICE = 6_180_000;

async function quote(body: Record<string, unknown>, store = 'renault') {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/stores/${store}/finance-quotes`, payload: body });
}

interface Line {
  month: number;
  payment: number;
  interest: number;
  principal: number;
  balance: number;
}

function expectExact(body: { schedule: Line[]; totals: { payments: number; interest: number; principal: number }; financed: number; balloon: number | null }) {
  const balloon = body.balloon ?? 0;
  const sum = (pick: (line: Line) => number) => body.schedule.reduce((total, line) => total + pick(line), 0);
  expect(body.schedule.length).toBeGreaterThan(0);
  expect(sum((line) => line.principal)).toBe(body.financed - balloon);
  expect(sum((line) => line.payment)).toBe(body.totals.payments);
  expect(body.totals.payments).toBe(body.totals.principal + body.totals.interest);
  expect(body.schedule.every((line) => line.payment === line.interest + line.principal)).toBe(true);
  expect(body.schedule.at(-1)!.balance).toBe(balloon);
}

describe('POST /stores/{store}/finance-quotes: loans', () => {
  it('asks 20% down on a conventional Koleos and quotes 36 months at 4.99% by default', async () => {
    const res = await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      plan: 'loan',
      currency: 'CNY',
      model: { slug: 'koleos', nev: false },
      price: 17_980_000,
      downPayment: 3_596_000,
      minDownPayment: 3_596_000,
      maxDownPayment: 17_979_999,
      financed: 14_384_000,
      aprBasisPoints: 499,
      months: 36,
      monthlyPayment: 431_037,
      balloon: null,
      afterLease: null,
      policy: { loanMonths: { min: 12, max: 60 }, minDownBasisPoints: 2000, leaseDownBasisPoints: 1000, leaseMonths: 12 },
    });
    expect(body.schedule).toHaveLength(36);
    expect(body.totals).toEqual({ payments: 15_517_326, interest: 1_133_326, principal: 14_384_000 });
    expectExact(body);
  });

  it('asks only 15% down on the City K-ZE, a new-energy vehicle', async () => {
    const res = await quote({ plan: 'loan', model: 'city-k-ze', price: KZE_PRICE, months: 12 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ model: { slug: 'city-k-ze', nev: true }, downPayment: 927_000, minDownPayment: 927_000, financed: 5_253_000 });
    expect(body.policy.minDownBasisPoints).toBe(1500);
    expectExact(body);
  });

  it('quotes ¥100,000 financed over 60 months at ¥1,886.67 a month, and a larger down payment lowers it', async () => {
    const res = await quote({ plan: 'loan', model: 'koleos', price: 20_000_000, downPayment: 10_000_000, months: 60 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ financed: 10_000_000, months: 60, monthlyPayment: 188_667 });
    expect(body.totals).toEqual({ payments: 11_319_987, interest: 1_319_987, principal: 10_000_000 });
    expect(body.schedule.at(-1)).toEqual({ month: 60, payment: 188_634, interest: 781, principal: 187_853, balance: 0 });
    expectExact(body);
  });

  it('refuses a down payment under the minimum, naming the minimum', async () => {
    const res = await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE, downPayment: 3_595_999 });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'FINANCE_DOWN_PAYMENT_TOO_LOW', minDownPayment: 3_596_000, downPayment: 3_595_999 });
    // 15% is enough on an NEV, not on a conventional car.
    const nev = await quote({ plan: 'loan', model: 'city-k-ze', price: KOLEOS_PRICE, downPayment: 2_697_000 });
    expect(nev.statusCode).toBe(200);
  });

  it('refuses a down payment that leaves nothing to finance', async () => {
    for (const downPayment of [KOLEOS_PRICE, KOLEOS_PRICE + 1]) {
      const res = await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE, downPayment });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FINANCE_DOWN_PAYMENT_TOO_HIGH', maxDownPayment: 17_979_999 });
    }
    const tiny = await quote({ plan: 'loan', model: 'koleos', price: 1 });
    expect(tiny.statusCode).toBe(422);
    expect(tiny.json()).toMatchObject({ code: 'FINANCE_NOTHING_TO_FINANCE', minDownPayment: 1 });
  });

  it('refuses 11 and 61 months as outside the store’s bounds, and accepts 12 and 60', async () => {
    for (const months of [11, 61]) {
      const res = await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE, months });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FINANCE_MONTHS_OUT_OF_RANGE', months, min: 12, max: 60 });
    }
    for (const months of [12, 60]) {
      const res = await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE, months });
      expect(res.statusCode).toBe(200);
      expect(res.json().schedule).toHaveLength(months);
    }
  });

  it('follows a store’s own policy when it has one', async () => {
    const store = await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
    await ctx.connection.db
      .insertInto('finance_policy')
      .values({
        store_id: store.id,
        loan_apr_bp: 0,
        loan_min_down_bp: 3000,
        loan_nev_min_down_bp: 1500,
        loan_min_months: 12,
        loan_max_months: 24,
        lease_apr_bp: 799,
        lease_down_bp: 1000,
        lease_balloon_bp: 6000,
        lease_months: 12,
        keep_renting_months: 36,
        updated_at: '2026-12-02T00:00:00.000Z',
      })
      .execute();
    try {
      const res = await quote({ plan: 'loan', model: 'koleos', price: 10_000_000 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ downPayment: 3_000_000, financed: 7_000_000, months: 24, aprBasisPoints: 0, monthlyPayment: 291_667 });
      expect(res.json().totals).toEqual({ payments: 7_000_000, interest: 0, principal: 7_000_000 });
      expect((await quote({ plan: 'loan', model: 'koleos', price: 10_000_000, months: 36 })).json().code).toBe('FINANCE_MONTHS_OUT_OF_RANGE');
    } finally {
      await ctx.connection.db.deleteFrom('finance_policy').where('store_id', '=', store.id).execute();
    }
  });
});

describe('POST /stores/{store}/finance-quotes: lease-to-own', () => {
  it('leases a Koleos for 10% down, 12 rents, then buy for the balloon, keep renting or swap', async () => {
    const res = await quote({ plan: 'lease', model: 'koleos', price: KOLEOS_PRICE });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      plan: 'lease',
      downPayment: 1_798_000,
      minDownPayment: 1_798_000,
      maxDownPayment: 7_191_999,
      financed: 16_182_000,
      aprBasisPoints: 799,
      months: 12,
      monthlyPayment: 541_021,
      balloon: 10_788_000,
    });
    expect(body.schedule).toHaveLength(12);
    expect(body.schedule[11]).toEqual({ month: 12, payment: 541_017, interest: 74_933, principal: 466_084, balance: 10_788_000 });
    expect(body.totals).toEqual({ payments: 6_492_248, interest: 1_098_248, principal: 5_394_000 });
    expect(body.afterLease).toEqual([
      { choice: 'buy', amount: 10_788_000, months: null, monthlyPayment: null },
      { choice: 'keep_renting', amount: 0, months: 36, monthlyPayment: 338_007 },
      { choice: 'swap', amount: 0, months: null, monthlyPayment: null },
    ]);
    expectExact(body);
  });

  it('runs exactly 12 months: any other term is refused', async () => {
    expect((await quote({ plan: 'lease', model: 'koleos', price: KOLEOS_PRICE, months: 12 })).statusCode).toBe(200);
    for (const months of [11, 24]) {
      const res = await quote({ plan: 'lease', model: 'koleos', price: KOLEOS_PRICE, months });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FINANCE_LEASE_MONTHS_FIXED', leaseMonths: 12 });
    }
  });

  it('asks 10% down on a lease, whatever the powertrain', async () => {
    const res = await quote({ plan: 'lease', model: 'city-k-ze', price: KZE_PRICE, downPayment: 617_999 });
    expect(res.json()).toMatchObject({ code: 'FINANCE_DOWN_PAYMENT_TOO_LOW', minDownPayment: 618_000 });
  });
});

describe('POST /stores/{store}/finance-quotes: refusals', () => {
  it('does not quote another store’s model, or an unknown one, or for an unknown store', async () => {
    for (const model of ['a110', 'twingo']) {
      const res = await quote({ plan: 'loan', model, price: KOLEOS_PRICE });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('FINANCE_MODEL_NOT_FOUND');
    }
    expect((await quote({ plan: 'loan', model: 'a110', price: 55_800_000 }, 'alpine')).statusCode).toBe(200);
    expect((await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE }, 'alpine')).json().code).toBe('FINANCE_MODEL_NOT_FOUND');
    expect((await quote({ plan: 'loan', model: 'koleos', price: KOLEOS_PRICE }, 'nowhere')).statusCode).toBe(404);
  });

  it('answers 400 to bad types, ranges and unknown fields', async () => {
    const base = { plan: 'loan', model: 'koleos', price: KOLEOS_PRICE };
    const bad: Array<Record<string, unknown>> = [
      { ...base, plan: 'rent' },
      { ...base, price: 0 },
      { ...base, price: 10_000_000_001 },
      { ...base, price: 1.5 },
      { ...base, price: '17980000' },
      { ...base, downPayment: -1 },
      { ...base, months: 0 },
      { ...base, months: 12.5 },
      { ...base, months: 121 },
      { ...base, model: 'Koleos!' },
      { ...base, apr: 0 },
      { plan: 'loan', model: 'koleos' },
    ];
    for (const body of bad) {
      const res = await quote(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('REQUEST_VALIDATION_FAILED');
    }
  });

  it('quotes the highest price allowed exactly', async () => {
    const res = await quote({ plan: 'loan', model: 'espace', price: 10_000_000_000, months: 60 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ downPayment: 2_000_000_000, financed: 8_000_000_000, monthlyPayment: 150_933_220 });
    expectExact(body);
  });
});
