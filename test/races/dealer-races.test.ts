import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { releasedTogether } from '../helpers/races.js';

/*
 * Two brand admins (or one tapping twice) creating the same thing at the same moment. On
 * PostgreSQL the requests are lined up behind the row they contend for (the store for a new
 * dealer code, the dealer for a new staff account), then released together on separate pooled
 * connections: exactly one wins, the others get a 409, and no stray row remains.
 */

let ctx: TestContext;
let admin: Caller;
let platform: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  platform = await signIn(ctx.app, DEMO.platformAdmin);
});
afterAll(async () => {
  await ctx.close();
});

const t = (text: string) => ({ 'zh-CN': text, fr: text, en: text });
const dealer = (name: string) => ({
  code: 'cd-09',
  name: t(name),
  city: t('Chengdu'),
  cityCode: 'chengdu',
  province: t('Sichuan'),
  location: { lat: 30.5728, lng: 104.0668 },
  phone: '028-12345678',
  services: ['sales'],
});

describe('concurrent dealer and staff creation', () => {
  it('creates one dealer when five requests add the same code at once', async () => {
    const callers = [admin, platform, admin, platform, admin];
    const answers = await releasedTogether(ctx, 'renault', callers.length, () =>
      Promise.all(
        callers.map((caller, i) =>
          ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/dealers', headers: caller.headers, payload: dealer(`Chengdu ${i}`) }),
        ),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409)) {
      expect(answer.json().code).toBe('DEALER_CODE_TAKEN');
      expect(answer.json().errors[0].path).toBe('body.code');
    }
    const rows = await ctx.connection.db.selectFrom('dealer').select(['code', 'name']).where('code', '=', 'cd-09').execute();
    expect(rows).toHaveLength(1);
    // The winner's name is the one stored.
    const winner = answers.find((a) => a.statusCode === 201)!.json();
    expect(JSON.parse(rows[0]!.name).en).toBe(winner.name);
    const audited = await ctx.connection.db.selectFrom('audit_event').select('id').where('action', '=', 'dealer.created').execute();
    expect(audited).toHaveLength(1);
  });

  it('creates one staff account when four requests add the same email at once', async () => {
    const { id: dealerId } = await ctx.connection.db
      .selectFrom('dealer')
      .innerJoin('store', 'store.id', 'dealer.store_id')
      .select('dealer.id')
      .where('store.slug', '=', 'renault')
      .where('dealer.code', '=', 'sh-04')
      .executeTakeFirstOrThrow();
    const phones = ['13900000501', '13900000502', '13900000503', '13900000504'];
    const answers = await releasedTogether(
      ctx,
      'renault',
      phones.length,
      () =>
        Promise.all(
          phones.map((phone, i) =>
            ctx.app.inject({
              method: 'POST',
              url: '/api/v1/admin/stores/renault/dealers/sh-04/staff',
              headers: (i % 2 ? platform : admin).headers,
              payload: { email: 'zhao.lei@dealer.example.com', phone, displayName: '赵磊', locale: 'zh-CN' },
            }),
          ),
        ),
      { table: 'dealer', id: dealerId },
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409)) {
      expect(answer.json()).toMatchObject({ code: 'DEALER_STAFF_EXISTS', errors: [{ path: 'body.email' }] });
    }
    const accounts = await ctx.connection.db.selectFrom('user_account').select(['phone']).where('email', '=', 'zhao.lei@dealer.example.com').execute();
    expect(accounts).toHaveLength(1);
    // Only the winner's phone was kept: the losers left no account behind under theirs.
    const strays = await ctx.connection.db.selectFrom('user_account').select('id').where('phone', 'in', phones.map((p) => `+86${p}`)).execute();
    expect(strays).toHaveLength(1);
    const audited = await ctx.connection.db.selectFrom('audit_event').select('id').where('action', '=', 'dealer.staff_added').execute();
    expect(audited).toHaveLength(1);
  });
});
