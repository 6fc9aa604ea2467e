import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { loadConfigurableModel } from '../../flows/configurable-model.js';
import { rateLimit } from '../../http/rate-limit.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import type { CounterStore } from '../../shared/counters.js';
import { negotiateLocale } from '../../shared/locale.js';
import { LocaleSchema, MoneySchema, ProblemSchema, problemResponses, SlugSchema } from '../../shared/schemas.js';
import { access, accessErrors } from '../access/access.policy.js';
import { channelOf } from '../analytics/analytics.dimensions.js';
import { requireStore } from '../catalog/catalog.service.js';
import { plateFeeFor } from '../plate-fees/plate-fees.service.js';
import { getConfiguration, listMyConfigurations, saveConfiguration } from './configurations.service.js';
import { SHORT_CODE_PATTERN } from './short-code.js';

const CodeField = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });

const ConfigurationBody = Type.Object(
  {
    model: SlugSchema,
    trim: CodeField,
    options: Type.Array(CodeField, { maxItems: 60, description: 'Options picked explicitly; standard ones need not be listed.' }),
    intent: Type.Optional(Type.String({ maxLength: 64, description: 'The option or trim just chosen: a proposed fix keeps it.' })),
    city: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: 'The buyer’s city (a code of GET …/plate-fees or …/cities): its plate fee goes into the estimate; else the store’s flat fee.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ConfigurationSchema = Type.Object(
  {
    code: Type.String({ description: 'Short shareable code: no 0/O or 1/I/L.' }),
    createdAt: Type.String(),
    selection: Type.Object({ trim: Type.String(), options: Type.Array(Type.String()) }, { additionalProperties: false }),
    model: Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
    trim: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    city: Type.Union(
      [
        Type.Object(
          {
            code: Type.String(),
            name: Type.String(),
            plateFeeNote: Type.Union([Type.String(), Type.Null()], { description: 'How plates are had there; null on the store’s flat fee.' }),
            estimate: Type.Boolean({ description: 'The plate fee is an estimate (an auction average), not a tariff.' }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'The city the plate fee is for; null when none was given (the store’s flat fee).' },
    ),
    options: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          group: Type.String(),
          groupName: Type.String(),
          name: Type.String(),
          price: MoneySchema,
          standard: Type.Boolean(),
          covered: Type.Boolean({ description: 'Its price is covered by a pack that includes it.' }),
        },
        { additionalProperties: false },
      ),
    ),
    price: Type.Object(
      {
        trim: MoneySchema,
        options: MoneySchema,
        list: MoneySchema,
        campaignDiscount: MoneySchema,
        vehicle: MoneySchema,
        purchaseTax: MoneySchema,
        compulsoryInsurance: MoneySchema,
        plateFee: MoneySchema,
        onTheRoad: MoneySchema,
      },
      {
        additionalProperties: false,
        description:
          'list = trim + charged options; vehicle = list − campaign discount; purchase tax = 10% of vehicle ÷ 1.13 rounded half up to the fen (0 for NEVs); on the road = vehicle + tax + compulsory insurance + plate fee.',
      },
    ),
  },
  { additionalProperties: false },
);

const RuleSchema = Type.Object({ kind: Type.String(), option: Type.String(), targets: Type.Array(Type.String()) });
const InvalidSelectionProblem = Type.Object(
  {
    ...ProblemSchema.properties,
    violations: Type.Optional(
      Type.Array(
        Type.Object({
          code: Type.String(),
          rule: Type.Optional(RuleSchema),
          options: Type.Array(Type.String()),
          trim: Type.Optional(Type.String()),
          group: Type.Optional(Type.String()),
          message: Type.String({ description: 'Localized explanation.' }),
        }),
      ),
    ),
    resolution: Type.Optional(
      Type.Union([
        Type.Object({
          selection: Type.Object({ trim: Type.String(), options: Type.Array(Type.String()) }),
          changes: Type.Array(
            Type.Object({
              kind: Type.Union([Type.Literal('switch_trim'), Type.Literal('add'), Type.Literal('remove')]),
              option: Type.Optional(Type.String()),
              trim: Type.Optional(Type.String()),
              from: Type.Optional(Type.String()),
              because: Type.String(),
            }),
          ),
          summary: Type.String(),
          intentKept: Type.Boolean(),
          effects: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
        }),
        Type.Null(),
      ]),
    ),
    resolutionExhausted: Type.Optional(
      Type.Boolean({ description: 'True when the search for a fix spent its work budget: `resolution` is then null.' }),
    ),
  },
  { additionalProperties: true, description: 'Every violation, and the smallest change that makes the choice valid.' },
);

const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

const MyConfigurationsQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 80, description: 'The previous page’s nextCursor.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 50 })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);
const MyConfigurationsSchema = Type.Object(
  {
    configurations: Type.Array(
      Type.Object({ ...ConfigurationSchema.properties, store: Type.String({ description: 'The store it was saved in: open it at /{store}/c/{code}.' }) }, { additionalProperties: false }),
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/*
 * Each save is a row kept forever: one address (a carrier NAT may hide many buyers) gets 60
 * a minute, far above a person comparing cars and far below a script. Saves are anonymous,
 * so there is no account to count.
 */
const SAVE_LIMIT = { name: 'configuration-save', perIp: { max: 60, windowMs: 60_000 } };

export async function configurationRoutes(
  app: App,
  { db, clock, cache, counters }: { db: Db; clock: Clock; cache: ReadCache; counters: CounterStore },
): Promise<void> {
  app.post(
    '/stores/:store/configurations',
    {
      // A save while signed in is its buyer's: the session is read, though none is needed.
      config: { access: access.publicIdentified },
      preHandler: rateLimit(counters, SAVE_LIMIT),
      schema: {
        tags: ['configurator'],
        summary: 'Price a configuration and save it under a short code',
        description:
          'An invalid choice is a 422 listing every violation (rule, options, localized message) and `resolution`, the smallest change that makes it valid.',
        params: Type.Object({ store: SlugSchema }, { additionalProperties: false }),
        querystring: LocaleQuery,
        body: ConfigurationBody,
        response: { 201: ConfigurationSchema, ...problemResponses(400, 404, 429), 422: InvalidSelectionProblem },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const { model, trim, options, intent, city } = request.body;
      const target = await loadConfigurableModel(db, cache, store, model);
      const plate = city === undefined ? null : await plateFeeFor(db, store, city, target.model.nev);
      // Saved while signed in, it is listed on the account page; anonymous saves belong to no one.
      const createdBy = request.principal.kind === 'anonymous' ? null : request.principal.userId;
      const saved = await saveConfiguration(
        db,
        clock,
        target,
        { selection: { trim, options }, intent, createdBy, plate, channel: channelOf(request.headers['user-agent']) },
        locale,
      );
      return reply.code(201).header('location', `/api/v1/stores/${store.slug}/configurations/${saved.code}`).send(saved);
    },
  );

  app.get(
    '/stores/:store/configurations/:code',
    {
      config: { access: access.public },
      schema: {
        tags: ['configurator'],
        summary: 'A saved configuration, exactly as it was priced',
        params: Type.Object({ store: SlugSchema, code: Type.String({ pattern: SHORT_CODE_PATTERN }) }, { additionalProperties: false }),
        querystring: LocaleQuery,
        response: { 200: ConfigurationSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      const store = await requireStore(db, request.params.store);
      const view = await getConfiguration(db, store.id, request.params.code, locale);
      // A saved configuration never changes: it may be cached for as long as anyone likes.
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Language');
      return view;
    },
  );

  app.get(
    '/me/configurations',
    {
      config: { access: access.signedIn() },
      schema: {
        tags: ['configurator'],
        summary: 'The configurations the caller saved while signed in, newest first',
        querystring: MyConfigurationsQuery,
        response: { 200: MyConfigurationsSchema, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      if (request.principal.kind === 'anonymous') throw accessErrors.unauthenticated();
      const locale = negotiateLocale(request.query.locale, request.headers['accept-language']);
      return listMyConfigurations(db, request.principal.userId, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }, locale);
    },
  );
}
