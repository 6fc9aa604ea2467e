import { Type } from 'typebox';
import { LocaleSchema, MAX_FEN, MoneySchema, SlugSchema } from '../../shared/schemas.js';
import { TrimSpecsSchema } from './catalog.specs.js';

const PowertrainSchema = Type.Union([Type.Literal('ICE'), Type.Literal('HEV'), Type.Literal('PHEV'), Type.Literal('BEV')]);
const AvailabilitySchema = Type.Union([Type.Literal('standard'), Type.Literal('optional'), Type.Literal('unavailable')]);

export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

export const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
export const ModelParams = Type.Object({ store: SlugSchema, model: SlugSchema }, { additionalProperties: false });

export const ModelListQuery = Type.Object(
  {
    locale: Type.Optional(LocaleSchema),
    powertrain: Type.Optional(PowertrainSchema),
    body: Type.Optional(Type.String({ pattern: '^[a-z-]{1,20}$', description: 'suv, crossover, mpv, coupe…: models listed under it (see `bodies`).' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'Highest from-price, in minor units.' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Free text in any language.' })),
    nev: Type.Optional(Type.Boolean({ description: 'true: only new-energy vehicles; false: only the others.' })),
  },
  { additionalProperties: false },
);

export const StoreSchema = Type.Object(
  {
    slug: Type.String(),
    brand: Type.String(),
    name: Type.String(),
    tagline: Type.String(),
    currency: Type.String(),
    timezone: Type.String(),
    catalogVersion: Type.Integer(),
    plateFee: MoneySchema,
    branding: Type.Object(
      {
        mark: Type.String({ description: 'The brand mark as 1–3 characters of text ("R", "A"), drawn in primaryColor.' }),
        primaryColor: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
        accentColor: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
      },
      { additionalProperties: false },
    ),
    hero: Type.Object(
      { title: Type.String(), subtitle: Type.String() },
      { additionalProperties: false, description: 'The storefront banner, in the answer’s locale.' },
    ),
  },
  { additionalProperties: false },
);

const ModelFields = {
  slug: Type.String(),
  name: Type.String(),
  tagline: Type.String(),
  body: Type.String({ description: 'The body it is drawn as: suv, crossover, mpv, coupe…' }),
  bodies: Type.Array(Type.String(), { description: 'Every body type it is listed under, `body` first; the `body` filter matches any of them.' }),
  powertrain: PowertrainSchema,
  seats: Type.Integer(),
  nev: Type.Boolean({ description: 'New-energy vehicle: exempt from purchase tax in China.' }),
  origin: Type.String({ description: 'local (built in China) or import.' }),
  fromPrice: MoneySchema,
  priceIsEstimate: Type.Boolean(),
};

export const ModelSummarySchema = Type.Object(
  {
    ...ModelFields,
    trimCount: Type.Integer(),
    swatch: Type.Union([Type.String(), Type.Null()], { description: 'Colour of the first paint, for drawn previews.' }),
  },
  { additionalProperties: false },
);

export const HallModelSummarySchema = Type.Object(
  { ...ModelSummarySchema.properties, store: Type.String({ description: 'Slug of the store that sells it.' }) },
  { additionalProperties: false },
);

export const HallModelListResponse = Type.Object(
  {
    locale: LocaleSchema,
    stores: Type.Array(StoreSchema, { description: 'Active stores with at least one listed model, by slug.' }),
    models: Type.Array(HallModelSummarySchema, { description: 'By store (slug), then the store’s own order.' }),
  },
  { additionalProperties: false },
);

export const HallModelListQuery = ModelListQuery;

export const SiteResponse = Type.Object(
  {
    defaultStore: Type.Union([Type.String(), Type.Null()], {
      description: 'The store `/` opens in a single-brand deployment (DEFAULT_STORE); null: `/` is the hall across brands.',
    }),
  },
  { additionalProperties: false },
);

export const StoreListResponse = Type.Object({ stores: Type.Array(StoreSchema) }, { additionalProperties: false });

export const ModelListResponse = Type.Object(
  { store: StoreSchema, locale: LocaleSchema, models: Type.Array(ModelSummarySchema) },
  { additionalProperties: false },
);

export const ModelDetailSchema = Type.Object(
  {
    ...ModelFields,
    locale: LocaleSchema,
    trims: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          engine: Type.String({ description: 'Engine, transmission and drive (battery and range for an EV), in the answer’s locale.' }),
          price: MoneySchema,
          priceIsEstimate: Type.Boolean(),
          specs: TrimSpecsSchema,
        },
        { additionalProperties: false },
      ),
    ),
    optionGroups: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          choice: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
          required: Type.Boolean(),
          options: Type.Array(
            Type.Object(
              {
                code: Type.String(),
                name: Type.String(),
                price: MoneySchema,
                swatch: Type.Union([Type.String(), Type.Null()]),
                availability: Type.Record(Type.String(), AvailabilitySchema, {
                  description: 'Per trim code: standard (included), optional (at its price) or unavailable.',
                }),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    rules: Type.Array(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('requires'), Type.Literal('excludes'), Type.Literal('includes')]),
          option: Type.String(),
          targets: Type.Array(Type.String()),
          note: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
