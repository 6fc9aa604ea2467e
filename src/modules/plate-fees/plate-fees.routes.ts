import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import { negotiateLocale } from '../../shared/locale.js';
import { LocaleSchema, MoneySchema, problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { requireStore } from '../catalog/catalog.service.js';
import { listPlateFees } from './plate-fees.service.js';

const PlateFeesResponse = Type.Object(
  {
    locale: LocaleSchema,
    default: MoneySchema,
    cities: Type.Array(
      Type.Object(
        {
          city: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
          ice: MoneySchema,
          nev: MoneySchema,
          note: Type.String({ description: 'How plates are had in this city, localized.' }),
          estimate: Type.Boolean({ description: 'The figure is an average or an estimate, not a tariff.' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export async function plateFeeRoutes(app: App, { db }: { db: Db }): Promise<void> {
  app.get(
    '/stores/:store/plate-fees',
    {
      config: { access: access.public },
      schema: {
        tags: ['configurator'],
        summary: 'Plate fees by city for the on-the-road estimate: conventional (ice) and new-energy (nev); `default` for other cities',
        params: Type.Object({ store: SlugSchema }, { additionalProperties: false }),
        querystring: Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false }),
        response: { 200: PlateFeesResponse, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      reply.header('cache-control', 'public, max-age=60').header('vary', 'Accept-Language');
      return { locale, ...(await listPlateFees(db, store, locale)) };
    },
  );
}
