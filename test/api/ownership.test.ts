import { expect } from 'vitest';
import { inWriteTransaction } from '../../src/db/tx.js';
import { enqueue } from '../../src/modules/jobs/jobs.service.js';
import { describeOwnership } from '../helpers/ownership.js';

// Every resource with an owner, and who must never reach it. Add new resources here.
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
]);
