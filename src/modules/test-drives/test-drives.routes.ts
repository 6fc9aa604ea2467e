import type { Db } from '../../db/database.js';
import { requestMeta } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import { negotiateLocale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, type Principal } from '../access/access.policy.js';
import { actorOf, requireDealerScope } from '../access/scope.js';
import { channelOf } from '../analytics/analytics.dimensions.js';
import {
  BookingBody,
  BuyerTestDriveSchema,
  CalendarQuery,
  CalendarResponse,
  DealerIdParams,
  DealerParams,
  DealerTestDriveSchema,
  EmptyBody,
  IdParams,
  LocaleQuery,
  MyTestDrivesQuery,
  MyTestDrivesResponse,
  NoteBody,
  RescheduleBody,
  SlotsQuery,
  SlotsResponse,
  StoreParams,
} from './test-drives.schemas.js';
import {
  addDealerNote,
  bookTestDrive,
  cancelMyTestDrive,
  listDealerTestDrives,
  listMyTestDrives,
  listSlots,
  moveDealerTestDrive,
  rescheduleMyTestDrive,
  type DealerAction,
} from './test-drives.service.js';

const buyerAccess = access.signedIn(['buyer']);
const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');

function buyerOf(principal: Principal): string {
  if (principal.kind === 'anonymous') throw new DomainError('unauthenticated', 'AUTH_REQUIRED', 'Sign in to do this.');
  return principal.userId;
}

export async function testDriveRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const deps = { db, clock };

  app.get(
    '/stores/:store/dealers/:dealer/test-drive-slots',
    {
      config: { access: access.public },
      schema: {
        tags: ['test-drives'],
        summary: 'A dealer’s test-drive slots for a model, with the demo cars left in each (Asia/Shanghai days, at most 15)',
        params: DealerParams,
        querystring: SlotsQuery,
        response: { 200: SlotsResponse, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => listSlots(deps, request.params.store, request.params.dealer, request.query),
  );

  app.post(
    '/stores/:store/test-drives',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'Book a test drive: one slot of a demo car at a dealer',
        params: StoreParams,
        querystring: LocaleQuery,
        body: BookingBody,
        response: { 201: BuyerTestDriveSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const booked = await bookTestDrive(deps, buyerOf(request.principal), request.params.store, request.body, channelOf(request.headers['user-agent']), locale);
      return reply.status(201).send(booked);
    },
  );

  app.get(
    '/me/test-drives',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'The buyer’s own test drives, latest slot first',
        querystring: MyTestDrivesQuery,
        response: { 200: MyTestDrivesResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return { testDrives: await listMyTestDrives(deps, buyerOf(request.principal), locale, request.query.limit ?? 50) };
    },
  );

  app.patch(
    '/me/test-drives/:id',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'Move one of the buyer’s test drives to another slot (the dealer confirms it again)',
        params: IdParams,
        querystring: LocaleQuery,
        body: RescheduleBody,
        response: { 200: BuyerTestDriveSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return rescheduleMyTestDrive(deps, buyerOf(request.principal), request.params.id, request.body.start, locale);
    },
  );

  app.post(
    '/me/test-drives/:id/cancel',
    {
      config: { access: buyerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'Cancel one of the buyer’s upcoming test drives',
        params: IdParams,
        querystring: LocaleQuery,
        body: EmptyBody,
        response: { 200: BuyerTestDriveSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return cancelMyTestDrive(deps, buyerOf(request.principal), request.params.id, locale);
    },
  );

  app.get(
    '/dealer/stores/:store/dealers/:dealer/test-drives',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'A dealer’s test drives between two Asia/Shanghai dates (a week from today by default, at most 32 days)',
        params: DealerParams,
        querystring: CalendarQuery,
        response: { 200: CalendarResponse, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return listDealerTestDrives(deps, requireDealerScope(request.scope), request.query, locale);
    },
  );

  const moves: Array<[string, DealerAction, string]> = [
    ['confirm', 'confirmed', 'Confirm a booked test drive (the buyer is told)'],
    ['no-show', 'no_show', 'Mark a confirmed test drive whose buyer did not come'],
    ['complete', 'completed', 'Mark a confirmed test drive as done'],
  ];
  for (const [path, to, summary] of moves) {
    app.post(
      `/dealer/stores/:store/dealers/:dealer/test-drives/:id/${path}`,
      {
        config: { access: dealerAccess },
        schema: {
          tags: ['test-drives'],
          summary,
          params: DealerIdParams,
          querystring: LocaleQuery,
          body: EmptyBody,
          response: { 200: DealerTestDriveSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
        const actor = actorOf(request.principal, requestMeta(request).ip);
        return moveDealerTestDrive(deps, requireDealerScope(request.scope), request.params.id, to, actor, locale);
      },
    );
  }

  app.post(
    '/dealer/stores/:store/dealers/:dealer/test-drives/:id/notes',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['test-drives'],
        summary: 'Add a staff note to a test drive',
        params: DealerIdParams,
        querystring: LocaleQuery,
        body: NoteBody,
        response: { 200: DealerTestDriveSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const actor = actorOf(request.principal, requestMeta(request).ip);
      return addDealerNote(deps, requireDealerScope(request.scope), request.params.id, request.body.note, actor, locale);
    },
  );
}
