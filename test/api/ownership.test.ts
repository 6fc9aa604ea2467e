import { expect } from 'vitest';
import { inWriteTransaction } from '../../src/db/tx.js';
import { enqueue } from '../../src/modules/jobs/jobs.service.js';
import { describeOwnership, type OwnershipContext } from '../helpers/ownership.js';

// Every resource with an owner, and who must never reach it. Add new resources here.

const text = (en: string) => ({ 'zh-CN': en, fr: en, en });
/** Bodies the catalog's create routes would accept from the store's own admin. */
const newModel = (slug: string) => ({ slug, name: text(slug), tagline: text(slug), body: 'suv', powertrain: 'ICE', seats: 5, nev: false, origin: 'local' });
const newTrim = (code: string) => ({ code, name: text(code), engine: '2.0L CVT', price: 20_000_000 });
const newOption = (code: string) => ({ code, group: 'accessories', name: text(code), price: 100 });
describeOwnership([
  {
    name: 'a buyer’s session',
    owner: 'buyer',
    intruders: ['anonymous', 'otherBuyer', 'staffShanghai', 'renaultAdmin', 'platformAdmin'],
    async setup(ctx) {
      const list = await ctx.app.inject({ url: '/api/v1/me/sessions', headers: ctx.callers.buyer.headers });
      const current = list.json().sessions.find((s: { current: boolean }) => s.current);
      // Revoke a second session of the buyer's, not the one the harness signs in with.
      const second = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { identifier: 'buyer@example.com', password: 'vitrine2018' },
      });
      const sessions = (await ctx.app.inject({ url: '/api/v1/me/sessions', headers: ctx.callers.buyer.headers })).json().sessions;
      const target = sessions.find((s: { id: string }) => s.id !== current.id).id as string;
      expect(second.statusCode).toBe(200);
      return {
        attempts: [{ method: 'DELETE', url: `/api/v1/me/sessions/${target}` }],
        snapshot: () => ctx.connection.db.selectFrom('session').select(['id', 'revoked_at']).where('id', '=', target).execute(),
      };
    },
  },
  {
    name: 'a brand admin’s API token',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin', 'platformAdmin'],
    async setup(ctx) {
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/me/api-tokens',
        headers: ctx.callers.renaultAdmin.headers,
        payload: { name: 'ERP' },
      });
      const id = created.json().apiToken.id as string;
      return {
        attempts: [{ method: 'DELETE', url: `/api/v1/me/api-tokens/${id}` }],
        snapshot: () => ctx.connection.db.selectFrom('api_token').select(['id', 'revoked_at']).where('id', '=', id).execute(),
      };
    },
  },
  {
    name: 'a dealer’s profile',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const url = '/api/v1/dealer/stores/renault/dealers/sh-01';
      return {
        attempts: [
          { method: 'GET', url },
          { method: 'PATCH', url, payload: { phone: '021-55550000' } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('dealer').selectAll().where('code', '=', 'sh-01').execute(),
      };
    },
  },
  {
    name: 'the Renault store’s catalog administration',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      return {
        attempts: [
          { method: 'GET', url: '/api/v1/admin/stores/renault/models' },
          { method: 'PATCH', url: '/api/v1/admin/stores/renault/models/espace', payload: { status: 'retired' } },
          { method: 'GET', url: '/api/v1/admin/stores/renault/models/koleos/lint' },
          { method: 'PUT', url: '/api/v1/admin/stores/renault/models/koleos/trims/koleos-20-2wd-comfort', payload: { price: 1 } },
        ],
        snapshot: () =>
          ctx.connection.db
            .selectFrom('model')
            .innerJoin('store', 'store.id', 'model.store_id')
            .innerJoin('trim', 'trim.model_id', 'model.id')
            .select(['model.slug', 'model.status', 'model.tagline', 'store.catalog_version', 'trim.code', 'trim.base_price'])
            .where('store.slug', '=', 'renault')
            .orderBy('trim.code')
            .execute(),
      };
    },
  },
  {
    name: 'new models, trims and options of the Renault store’s catalog',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      return {
        attempts: [
          { method: 'POST', url: '/api/v1/admin/stores/renault/models', payload: newModel('intruder') },
          { method: 'POST', url: '/api/v1/admin/stores/renault/models/intruder/trims', payload: newTrim('intruder-life') },
          { method: 'POST', url: '/api/v1/admin/stores/renault/models/intruder/options', payload: newOption('acc-intruder') },
          { method: 'POST', url: '/api/v1/admin/stores/renault/models/kadjar/options', payload: newOption('acc-intruder') },
        ],
        snapshot: async () => ({
          store: await ctx.connection.db.selectFrom('store').select('catalog_version').where('slug', '=', 'renault').executeTakeFirstOrThrow(),
          models: await ctx.connection.db.selectFrom('model').select('slug').orderBy('slug').execute(),
          trims: await ctx.connection.db.selectFrom('trim').select('code').orderBy('code').execute(),
          options: await ctx.connection.db.selectFrom('option').select(['model_id', 'code']).orderBy('model_id').orderBy('code').execute(),
        }),
      };
    },
  },
  {
    name: 'the Alpine store’s catalog administration',
    owner: 'alpineAdmin',
    intruders: ['renaultAdmin', 'staffShanghai', 'buyer'],
    async setup(ctx) {
      return {
        attempts: [
          { method: 'GET', url: '/api/v1/admin/stores/alpine/models' },
          {
            method: 'PATCH',
            url: '/api/v1/admin/stores/alpine/models/a110',
            payload: { tagline: { 'zh-CN': '轻量跑车', fr: 'Berlinette légère', en: 'Lightweight coupé' } },
          },
          { method: 'POST', url: '/api/v1/admin/stores/alpine/models', payload: newModel('intruder') },
          { method: 'POST', url: '/api/v1/admin/stores/alpine/models/a110/trims', payload: newTrim('a110-intruder') },
          { method: 'POST', url: '/api/v1/admin/stores/alpine/models/a110/options', payload: newOption('acc-intruder') },
        ],
        snapshot: () =>
          ctx.connection.db
            .selectFrom('model')
            .innerJoin('store', 'store.id', 'model.store_id')
            .select(['model.slug', 'model.tagline', 'store.catalog_version'])
            .where('store.slug', '=', 'alpine')
            .execute(),
      };
    },
  },
  {
    name: 'the Renault store’s flash sales',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const t = (text: string) => ({ 'zh-CN': text, fr: text, en: text });
      const sale = (slug: string) => ({
        slug,
        name: t('Sale'),
        story: t('Story'),
        model: 'koleos',
        trim: 'koleos-25-4wd-luxury',
        options: ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'],
        price: 1_000_000,
        listPrice: 24_800_000,
        deposit: 100_000,
        unitsTotal: 1,
        startsAt: '2026-03-02T03:00:00Z',
        endsAt: '2026-03-03T03:00:00Z',
      });
      const made = await ctx.app.inject({ method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', headers: ctx.callers.renaultAdmin.headers, payload: sale('owned-sale') });
      if (made.statusCode !== 201) throw new Error(made.body);
      return {
        attempts: [
          { method: 'GET', url: '/api/v1/admin/stores/renault/campaigns' },
          { method: 'POST', url: '/api/v1/admin/stores/renault/campaigns', payload: sale('intruder-sale') },
          { method: 'PATCH', url: '/api/v1/admin/stores/renault/campaigns/owned-sale', payload: { unitsTotal: 2 } },
          { method: 'POST', url: '/api/v1/admin/stores/renault/campaigns/owned-sale/end', payload: {} },
        ],
        snapshot: () =>
          ctx.connection.db
            .selectFrom('campaign')
            .innerJoin('store', 'store.id', 'campaign.store_id')
            .select(['campaign.slug', 'campaign.units_total', 'campaign.price', 'campaign.ended_at', 'campaign.starts_at'])
            .where('store.slug', '=', 'renault')
            .orderBy('campaign.slug')
            .execute(),
      };
    },
  },
  {
    name: 'the Renault store’s audit log',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      return {
        attempts: [{ method: 'GET', url: '/api/v1/admin/stores/renault/audit-events' }],
        snapshot: async () => null,
      };
    },
  },
  {
    name: 'the Renault store’s dead-lettered jobs',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const store = await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
      await inWriteTransaction(ctx.connection.db, (tx) =>
        enqueue(tx, ctx.clock, { kind: 'notification.send', payload: {}, storeId: store.id, dedupeKey: 'ownership-dead-letter' }),
      );
      const job = await ctx.connection.db.selectFrom('job').select('id').where('dedupe_key', '=', 'ownership-dead-letter').executeTakeFirstOrThrow();
      await ctx.connection.db.updateTable('job').set({ status: 'dead' }).where('id', '=', job.id).execute();
      return {
        attempts: [
          { method: 'GET', url: '/api/v1/admin/stores/renault/jobs?status=dead' },
          { method: 'POST', url: `/api/v1/admin/stores/renault/jobs/${job.id}/retry`, payload: {} },
        ],
        snapshot: () => ctx.connection.db.selectFrom('job').selectAll().where('id', '=', job.id).execute(),
      };
    },
  },
  {
    name: 'a Shanghai dealer’s lead',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const asked = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/leads',
        headers: ctx.callers.buyer.headers,
        payload: { dealer: 'sh-01', model: 'captur', sharePhone: true },
      });
      expect(asked.statusCode, asked.body).toBe(201);
      const id = asked.json().id as string;
      const base = '/api/v1/dealer/stores/renault/dealers/sh-01/leads';
      return {
        attempts: [
          { method: 'GET', url: base },
          { method: 'GET', url: `${base}/${id}` },
          { method: 'POST', url: `${base}/${id}/status`, payload: { status: 'contacted' } },
          { method: 'POST', url: `${base}/${id}/notes`, payload: { note: 'Called back' } },
        ],
        snapshot: async () => [
          await ctx.connection.db.selectFrom('lead').selectAll().where('id', '=', id).execute(),
          await ctx.connection.db.selectFrom('lead_event').selectAll().where('lead_id', '=', id).execute(),
        ],
      };
    },
  },
  {
    name: 'a buyer’s own leads',
    owner: 'buyer',
    intruders: ['anonymous', 'staffShanghai', 'renaultAdmin', 'platformAdmin'],
    async setup(ctx) {
      // Another buyer asking gets their own (empty) list: test/api/leads.test.ts checks it holds none of these.
      return {
        attempts: [
          { method: 'GET', url: '/api/v1/me/leads' },
          { method: 'POST', url: '/api/v1/stores/renault/leads', payload: { dealer: 'bj-01', model: 'kadjar', sharePhone: false } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('lead').selectAll().orderBy('id').execute(),
      };
    },
  },
  {
    name: 'a dealer’s VIN stock',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/dealer/stores/renault/dealers/sh-01/stock';
      const [unit, other] = await ctx.connection.db
        .selectFrom('vehicle_unit as u')
        .innerJoin('dealer as d', 'd.id', 'u.dealer_id')
        .select('u.vin')
        .where('d.code', '=', 'sh-01')
        .where('u.status', '=', 'available')
        .where('u.purpose', '=', 'sale')
        .where('u.eta', 'is', null)
        .orderBy('u.vin')
        .limit(2)
        .execute();
      return {
        attempts: [
          { method: 'GET', url: base },
          { method: 'POST', url: base, payload: { vin: 'LVSHTEST2JZ000001', model: 'koleos', trim: 'koleos-20-2wd-comfort', options: [] } },
          { method: 'PATCH', url: `${base}/${unit!.vin}`, payload: { status: 'held' } },
          { method: 'POST', url: `${base}/${other!.vin}/transfers`, payload: { dealer: 'sh-02' } },
        ],
        snapshot: () =>
          ctx.connection.db
            .selectFrom('vehicle_unit as u')
            .innerJoin('dealer as d', 'd.id', 'u.dealer_id')
            .select(['u.vin', 'u.status', 'u.dealer_id', 'u.price', 'u.eta'])
            .where('d.code', 'in', ['sh-01', 'sh-02'])
            .orderBy('u.vin')
            .execute(),
      };
    },
  },
  {
    name: 'a dealer’s VIN stock imports',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const csv = 'vin,model,trim,options\nLVSHTEST4JZ000002,koleos,koleos-20-2wd-comfort,paint-cosmos-blue\n';
      return {
        attempts: [{ method: 'POST', url: '/api/v1/dealer/stores/renault/dealers/sh-01/stock/imports', payload: csv, contentType: 'text/csv' }],
        snapshot: () => ctx.connection.db.selectFrom('vehicle_unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: 'the Renault store’s stock across its dealers',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'staffShanghai', 'alpineAdmin'],
    async setup() {
      return { attempts: [{ method: 'GET', url: '/api/v1/admin/stores/renault/stock' }], snapshot: async () => null };
    },
  },
  {
    name: 'a buyer’s test drive',
    owner: 'buyer',
    intruders: ['anonymous', 'otherBuyer', 'staffShanghai', 'renaultAdmin', 'platformAdmin'],
    async setup(ctx) {
      // Wednesday 2026-03-04 at 11:00, then 14:00, in Shanghai.
      const booked = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/test-drives',
        headers: ctx.callers.buyer.headers,
        payload: { dealer: 'sh-01', model: 'captur', start: '2026-03-04T03:00:00Z' },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const id = booked.json().id as string;
      return {
        attempts: [
          { method: 'PATCH', url: `/api/v1/me/test-drives/${id}`, payload: { start: '2026-03-04T06:00:00Z' } },
          { method: 'POST', url: `/api/v1/me/test-drives/${id}/cancel`, payload: {} },
        ],
        snapshot: () => ctx.connection.db.selectFrom('test_drive').selectAll().where('id', '=', id).execute(),
      };
    },
  },
  {
    name: 'a dealer’s test-drive calendar',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const booked = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/stores/renault/test-drives',
        headers: ctx.callers.otherBuyer.headers,
        payload: { dealer: 'sh-01', model: 'kadjar', start: '2026-03-05T03:00:00Z' },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const id = booked.json().id as string;
      const base = '/api/v1/dealer/stores/renault/dealers/sh-01/test-drives';
      return {
        attempts: [
          { method: 'GET', url: `${base}?from=2026-03-05&to=2026-03-05` },
          { method: 'POST', url: `${base}/${id}/notes`, payload: { note: 'Prefers the automatic' } },
          { method: 'POST', url: `${base}/${id}/confirm`, payload: {} },
        ],
        snapshot: async () => ({
          drive: await ctx.connection.db.selectFrom('test_drive').selectAll().where('id', '=', id).execute(),
          events: await ctx.connection.db.selectFrom('test_drive_event').selectAll().where('test_drive_id', '=', id).execute(),
        }),
      };
    },
  },
  {
    name: 'a dealer’s dead-lettered notifications',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const db = ctx.connection.db;
      const store = await db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow();
      const dealer = await db.selectFrom('dealer').select('id').where('store_id', '=', store.id).where('code', '=', 'sh-01').executeTakeFirstOrThrow();
      await inWriteTransaction(db, (tx) =>
        enqueue(tx, ctx.clock, { kind: 'notification.send', payload: {}, storeId: store.id, dealerId: dealer.id, dedupeKey: 'ownership-dealer-dead-letter' }),
      );
      const job = await db.selectFrom('job').select('id').where('dedupe_key', '=', 'ownership-dealer-dead-letter').executeTakeFirstOrThrow();
      await db.updateTable('job').set({ status: 'dead' }).where('id', '=', job.id).execute();
      const url = '/api/v1/dealer/stores/renault/dealers/sh-01/jobs';
      return {
        attempts: [
          { method: 'GET', url: `${url}?status=dead` },
          { method: 'POST', url: `${url}/${job.id}/retry`, payload: {} },
        ],
        snapshot: () => db.selectFrom('job').selectAll().where('id', '=', job.id).execute(),
      };
    },
  },
  {
    name: 'a buyer’s order and its pickup code',
    owner: 'buyer',
    intruders: ['anonymous', 'otherBuyer', 'staffShanghai', 'staffBeijing', 'renaultAdmin', 'alpineAdmin', 'platformAdmin'],
    async setup(ctx) {
      const order = await paidOrder(ctx);
      return {
        attempts: [
          { method: 'GET', url: `/api/v1/me/orders/${order}` },
          { method: 'POST', url: `/api/v1/me/orders/${order}/cancel`, payload: {}, headers: { 'idempotency-key': `ownership-cancel-${order}` } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('customer_order').select(['status', 'amount_captured', 'amount_refunded']).where('id', '=', order).execute(),
      };
    },
  },
  {
    name: 'a buyer’s payment',
    owner: 'buyer',
    intruders: ['anonymous', 'otherBuyer', 'staffShanghai', 'renaultAdmin', 'alpineAdmin', 'platformAdmin'],
    async setup(ctx) {
      const order = await unpaidOrder(ctx);
      const started = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order}/payments`,
        headers: { ...ctx.callers.buyer.headers, 'idempotency-key': `ownership-pay-${order}` },
        payload: { provider: 'sandbox' },
      });
      expect(started.statusCode, started.body).toBe(201);
      return {
        attempts: [
          { method: 'GET', url: `/api/v1/me/payments/${started.json().id}` },
          { method: 'POST', url: `/api/v1/orders/${order}/payments`, payload: { provider: 'sandbox' }, headers: { 'idempotency-key': `ownership-pay-2-${order}` } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('payment').select(['id', 'status']).where('order_id', '=', order).orderBy('id').execute(),
      };
    },
  },
  {
    name: 'an order at a dealer',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const order = await paidOrder(ctx);
      return {
        attempts: [
          { method: 'GET', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order}` },
          { method: 'POST', url: `/api/v1/dealer/stores/renault/dealers/sh-01/orders/${order}/confirm`, payload: {} },
        ],
        snapshot: () => ctx.connection.db.selectFrom('customer_order').select(['status', 'confirmed_at']).where('id', '=', order).execute(),
      };
    },
  },
  {
    name: 'an order in the brand console',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const order = await paidOrder(ctx);
      return {
        attempts: [
          { method: 'GET', url: `/api/v1/admin/stores/renault/orders/${order}` },
          { method: 'POST', url: `/api/v1/admin/stores/renault/orders/${order}/cancel`, payload: {} },
        ],
        snapshot: () => ctx.connection.db.selectFrom('customer_order').select(['status', 'cancelled_by']).where('id', '=', order).execute(),
      };
    },
  },
  {
    name: 'a buyer’s voucher, its code and its refund',
    owner: 'buyer',
    intruders: ['anonymous', 'otherBuyer', 'staffShanghai', 'staffBeijing', 'renaultAdmin', 'alpineAdmin', 'platformAdmin'],
    async setup(ctx) {
      const voucher = await boughtVoucher(ctx, 'ownership-voucher-paid');
      await payVoucher(ctx, voucher);
      const unpaid = await boughtVoucher(ctx, 'ownership-voucher-unpaid');
      return {
        attempts: [
          { method: 'GET', url: `/api/v1/me/vouchers/${voucher}` },
          { method: 'POST', url: `/api/v1/me/vouchers/${voucher}/refund`, payload: {}, headers: { 'idempotency-key': `ownership-refund-${voucher}` } },
          { method: 'POST', url: `/api/v1/vouchers/${unpaid}/payments`, payload: { provider: 'sandbox' }, headers: { 'idempotency-key': `ownership-vpay-${unpaid}` } },
        ],
        snapshot: async () => [
          await ctx.connection.db.selectFrom('voucher').select(['id', 'status', 'amount_refunded']).where('id', 'in', [voucher, unpaid]).orderBy('id').execute(),
          await ctx.connection.db.selectFrom('payment').select(['id', 'status']).where('voucher_id', 'in', [voucher, unpaid]).orderBy('id').execute(),
        ],
      };
    },
  },
  {
    name: 'a voucher code at the store’s dealers',
    owner: 'staffShanghai',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'alpineAdmin'],
    async setup(ctx) {
      const voucher = await boughtVoucher(ctx, 'ownership-voucher-counter');
      await payVoucher(ctx, voucher);
      const { code } = await ctx.connection.db.selectFrom('voucher').select('code').where('id', '=', voucher).executeTakeFirstOrThrow();
      const base = '/api/v1/dealer/stores/renault/dealers/sh-01';
      return {
        attempts: [
          { method: 'GET', url: `${base}/vouchers/${code}` },
          { method: 'POST', url: `${base}/voucher-redemptions`, payload: { code, saleReference: 'OWN-1' }, headers: { 'idempotency-key': `ownership-redeem-${voucher}` } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('voucher').select(['status', 'dealer_id', 'redeemed_at']).where('id', '=', voucher).execute(),
      };
    },
  },
  {
    name: 'the brand’s voucher offers, policy and report',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/admin/stores/renault';
      return {
        attempts: [
          { method: 'GET', url: `${base}/voucher-offers` },
          { method: 'POST', url: `${base}/voucher-offers/dealer-voucher/end`, payload: {} },
          { method: 'PUT', url: `${base}/voucher-policy`, payload: { refundDays: 0, refundOnExpiry: false } },
          { method: 'GET', url: `${base}/vouchers/report?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z` },
        ],
        snapshot: async () => [
          await ctx.connection.db.selectFrom('voucher_offer').select(['slug', 'ended_at']).orderBy('slug').execute(),
          await ctx.connection.db.selectFrom('voucher_policy').selectAll().execute(),
        ],
      };
    },
  },
  {
    name: 'the store policy: deposits, checkout rules, finance rates, plate fees, test-drive caps',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/admin/stores/renault';
      // The owner's writes put back what is there, so the resources after this one find the demo policy.
      const current = async (section: string) => (await ctx.app.inject({ url: `${base}/${section}`, headers: ctx.callers.renaultAdmin.headers })).json();
      const version = async (section: string) => (await current(section)).version as string;
      const fees = await current('plate-fees');
      return {
        attempts: [
          { method: 'GET', url: `${base}/deposits` },
          { method: 'PUT', url: `${base}/deposits`, payload: { version: await version('deposits'), deposits: [{ model: 'koleos', amount: null }] } },
          { method: 'GET', url: `${base}/order-policy` },
          { method: 'PUT', url: `${base}/order-policy`, payload: { version: await version('order-policy'), holdMinutes: 15, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 } },
          { method: 'GET', url: `${base}/finance-policy` },
          {
            method: 'PUT',
            url: `${base}/finance-policy`,
            payload: {
              version: await version('finance-policy'),
              loan: { aprBasisPoints: 499, minDownBasisPoints: 2000, nevMinDownBasisPoints: 1500, minMonths: 12, maxMonths: 60 },
              lease: { aprBasisPoints: 799, downBasisPoints: 1000, balloonBasisPoints: 6000, months: 12, keepRentingMonths: 36 },
            },
          },
          { method: 'GET', url: `${base}/plate-fees` },
          {
            method: 'PUT',
            url: `${base}/plate-fees`,
            payload: {
              version: fees.version,
              default: fees.default.amount,
              cities: fees.cities.map((c: { code: string; ice: { amount: number }; nev: { amount: number } }) => ({ code: c.code, ice: c.ice.amount, nev: c.nev.amount })),
            },
          },
          { method: 'GET', url: `${base}/test-drive-policy` },
          { method: 'PUT', url: `${base}/test-drive-policy`, payload: { version: await version('test-drive-policy'), maxUpcomingPerModel: 1, maxUpcoming: 2, maxInWindow: 5, windowDays: 60, leadMinutes: 120, horizonDays: 14 } },
        ],
        snapshot: async () => [
          await ctx.connection.db.selectFrom('model_deposit').selectAll().orderBy('model_id').execute(),
          await ctx.connection.db.selectFrom('order_policy').selectAll().orderBy('store_id').execute(),
          await ctx.connection.db.selectFrom('finance_policy').selectAll().orderBy('store_id').execute(),
          await ctx.connection.db.selectFrom('plate_fee').selectAll().orderBy('store_id').orderBy('city_code').execute(),
          await ctx.connection.db.selectFrom('store').select(['slug', 'plate_fee']).orderBy('slug').execute(),
          await ctx.connection.db.selectFrom('test_drive_policy').selectAll().orderBy('store_id').execute(),
        ],
      };
    },
  },
  {
    name: 'the brand’s dealers and their profiles',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/admin/stores/renault/dealers';
      const t = (text: string) => ({ 'zh-CN': text, fr: text, en: text });
      return {
        attempts: [
          { method: 'GET', url: base },
          { method: 'GET', url: `${base}/sh-01` },
          { method: 'PATCH', url: `${base}/sh-01`, payload: { phone: '021-55551111', status: 'active' } },
          {
            method: 'POST',
            url: base,
            payload: {
              code: 'ownership-dealer',
              name: t('Owned'),
              city: t('Chengdu'),
              cityCode: 'chengdu',
              province: t('Sichuan'),
              location: { lat: 30.57, lng: 104.07 },
              phone: '028-12345678',
              services: ['sales'],
            },
          },
        ],
        snapshot: () => ctx.connection.db.selectFrom('dealer').select(['code', 'phone', 'status', 'name']).orderBy('id').execute(),
      };
    },
  },
  {
    name: 'a dealer’s staff accounts, from the brand console',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'staffBeijing', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/admin/stores/renault/dealers/sh-01/staff';
      const { id } = await ctx.connection.db.selectFrom('user_account').select('id').where('email', '=', 'sh-01@dealer.example.com').executeTakeFirstOrThrow();
      return {
        attempts: [
          { method: 'GET', url: base },
          { method: 'POST', url: base, payload: { email: 'owned.staff@dealer.example.com', phone: '13900000888', displayName: 'Owned', locale: 'en' } },
          // Enabling an account that is active changes nothing: the harness's Shanghai staff stays signed in.
          { method: 'PATCH', url: `${base}/${id}`, payload: { status: 'active' } },
        ],
        snapshot: () => ctx.connection.db.selectFrom('user_account').select(['id', 'email', 'status']).where('role', '=', 'dealer_staff').orderBy('id').execute(),
      };
    },
  },
  {
    name: 'the brand’s analytics',
    owner: 'renaultAdmin',
    intruders: ['anonymous', 'buyer', 'otherBuyer', 'staffShanghai', 'alpineAdmin'],
    async setup(ctx) {
      const base = '/api/v1/admin/stores/renault/analytics';
      return {
        attempts: ['funnel', 'sales', 'breakdowns?by=dealer', 'nev-share', 'campaigns', 'funnel?format=csv'].map((path) => ({ method: 'GET' as const, url: `${base}/${path}` })),
        snapshot: async () => null,
      };
    },
  },
]);

/** An order of the demo buyer for a Captur built to order, at sh-01, its deposit unpaid. */
async function unpaidOrder(ctx: OwnershipContext): Promise<string> {
  const configuration = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/configurations',
    payload: { model: 'captur', trim: 'captur-12t-comfort', options: [] },
  });
  const placed = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/orders',
    headers: { ...ctx.callers.buyer.headers, 'idempotency-key': `ownership-order-${Math.random()}` },
    payload: { configuration: configuration.json().code, dealer: 'sh-01', plan: 'cash' },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  return placed.json().id as string;
}

/** The same, its deposit paid through the sandbox. */
async function paidOrder(ctx: OwnershipContext): Promise<string> {
  const order = await unpaidOrder(ctx);
  const started = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${order}/payments`,
    headers: { ...ctx.callers.buyer.headers, 'idempotency-key': `ownership-deposit-${order}` },
    payload: { provider: 'sandbox' },
  });
  await ctx.app.inject({ method: 'POST', url: `/api/v1/payments/sandbox/${started.json().id}/complete`, payload: { outcome: 'paid' } });
  return order;
}

/** A voucher bought by the demo buyer (unpaid), of an offer of the harness's own that allows several. */
async function boughtVoucher(ctx: OwnershipContext, key: string): Promise<string> {
  const now = ctx.clock.now().getTime();
  const offer = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/admin/stores/renault/voucher-offers',
    headers: ctx.callers.renaultAdmin.headers,
    payload: {
      slug: 'ownership-vouchers',
      name: { 'zh-CN': '券', fr: 'Bon', en: 'Voucher' },
      terms: { 'zh-CN': '券', fr: 'Bon', en: 'Voucher' },
      price: 100_000,
      value: 200_000,
      perBuyerLimit: 10,
      saleStartsAt: new Date(now - 3_600_000).toISOString(),
      saleEndsAt: new Date(now + 30 * 86_400_000).toISOString(),
      validUntil: new Date(now + 90 * 86_400_000).toISOString(),
    },
  });
  expect([201, 409], offer.body).toContain(offer.statusCode);
  const bought = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/stores/renault/vouchers',
    headers: { ...ctx.callers.buyer.headers, 'idempotency-key': `${key}-${Math.random()}` },
    payload: { offer: 'ownership-vouchers' },
  });
  expect(bought.statusCode, bought.body).toBe(201);
  return bought.json().id as string;
}

async function payVoucher(ctx: OwnershipContext, voucher: string): Promise<void> {
  const started = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/vouchers/${voucher}/payments`,
    headers: { ...ctx.callers.buyer.headers, 'idempotency-key': `ownership-vdeposit-${voucher}` },
    payload: { provider: 'sandbox' },
  });
  expect(started.statusCode, started.body).toBe(201);
  const paid = await ctx.app.inject({ method: 'POST', url: `/api/v1/payments/sandbox/${started.json().id}/complete`, payload: { outcome: 'paid' } });
  expect(paid.statusCode, paid.body).toBe(200);
}
