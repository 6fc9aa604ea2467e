import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { requestMeta } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { negotiateLocale } from '../../shared/locale.js';
import { LocaleSchema, problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { actorOf, requireDealerScope } from '../access/scope.js';
import { getDealerProfile, updateDealerProfile } from './dealers.service.js';

const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
const ServiceSchema = Type.Union([Type.Literal('sales'), Type.Literal('test_drive'), Type.Literal('delivery'), Type.Literal('service')]);
const ProfileSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    city: Type.String(),
    province: Type.String(),
    location: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }),
    phone: Type.String(),
    services: Type.Array(Type.String()),
    status: Type.String(),
  },
  { additionalProperties: false },
);
const ProfileChanges = Type.Object(
  {
    phone: Type.Optional(Type.String({ pattern: '^[0-9+][0-9 -]{6,19}$' })),
    services: Type.Optional(Type.Array(ServiceSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

const dealerAccess = access.dealer('dealer_staff', 'brand_admin', 'platform_admin');

export async function dealerConsoleRoutes(app: App, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  app.get(
    '/dealer/stores/:store/dealers/:dealer',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'A dealer’s profile, for its staff and its brand',
        params: DealerParams,
        querystring: LocaleQuery,
        response: { 200: ProfileSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return getDealerProfile(db, requireDealerScope(request.scope), locale);
    },
  );

  app.patch(
    '/dealer/stores/:store/dealers/:dealer',
    {
      config: { access: dealerAccess },
      schema: {
        tags: ['dealers'],
        summary: 'Change a dealer’s phone or services',
        params: DealerParams,
        querystring: LocaleQuery,
        body: ProfileChanges,
        response: { 200: ProfileSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return updateDealerProfile(
        { db, clock },
        requireDealerScope(request.scope),
        request.body,
        actorOf(request.principal, requestMeta(request).ip),
        locale,
      );
    },
  );
}
