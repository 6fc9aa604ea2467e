import { Type } from 'typebox';
import { SHORT_CODE_PATTERN } from '../configurator/short-code.js';
import { FenSchema, LocaleSchema, MoneySchema, SlugSchema } from '../../shared/schemas.js';
import { IMPORT_MAX_BYTES } from './stock.import.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from './stock.search.js';
import { STOCK_LIST_DEFAULT_LIMIT, STOCK_LIST_MAX_LIMIT } from './stock.service.js';

// Request and response schemas of VIN stock.

export const StatusSchema = Type.Union([Type.Literal('available'), Type.Literal('held'), Type.Literal('sold'), Type.Literal('delivered')]);
const VinText = Type.String({ minLength: 1, maxLength: 32, description: '17 characters, no I, O or Q, check digit at position 9.' });
const EtaText = Type.String({ minLength: 1, maxLength: 40, description: 'Expected arrival: YYYY-MM-DD, or a date-time with an offset.' });
const Named = Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false });

export const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
export const UnitParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, vin: VinText }, { additionalProperties: false });
export const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });

export const UnitSchema = Type.Object(
  {
    vin: Type.String(),
    model: Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
    trim: Named,
    options: Type.Array(Type.String(), { description: 'The option codes picked for this unit (its configuration).' }),
    colour: Type.Union([
      Type.Object({ code: Type.String(), name: Type.String(), swatch: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
      Type.Null(),
    ]),
    price: MoneySchema,
    status: StatusSchema,
    purpose: Type.Union([Type.Literal('sale'), Type.Literal('demo')]),
    dealer: Named,
    inTransit: Type.Boolean(),
    eta: Type.Union([Type.String(), Type.Null()]),
    builtOn: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const CountsSchema = Type.Object(
  { available: Type.Integer(), held: Type.Integer(), sold: Type.Integer(), delivered: Type.Integer(), total: Type.Integer() },
  { additionalProperties: false, description: 'Sale units (demo cars aside) by status; they add up to total.' },
);

export const StockPageSchema = Type.Object(
  { units: Type.Array(UnitSchema), nextCursor: Type.Union([Type.String(), Type.Null()]), counts: CountsSchema },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    model: Type.Optional(SlugSchema),
    trim: Type.Optional(SlugSchema),
    status: Type.Optional(StatusSchema),
    purpose: Type.Optional(Type.Union([Type.Literal('sale'), Type.Literal('demo')])),
    inTransit: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 32, description: 'nextCursor of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: STOCK_LIST_MAX_LIMIT, default: STOCK_LIST_DEFAULT_LIMIT })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const StoreListQuery = Type.Object(
  { ...ListQuery.properties, dealer: Type.Optional(SlugSchema) },
  { additionalProperties: false },
);

export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

export const NewUnitBody = Type.Object(
  {
    vin: VinText,
    model: SlugSchema,
    trim: SlugSchema,
    options: Type.Array(SlugSchema, { maxItems: 64, description: 'Option codes, as a configuration picks them.' }),
    price: Type.Optional(FenSchema),
    status: Type.Optional(StatusSchema),
    eta: Type.Optional(EtaText),
  },
  { additionalProperties: false },
);

export const UnitChangesBody = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    eta: Type.Optional(Type.Union([EtaText, Type.Null()], { description: 'A new ETA, or null once the unit has arrived.' })),
    price: Type.Optional(FenSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TransferBody = Type.Object(
  { dealer: SlugSchema, eta: Type.Optional(EtaText) },
  { additionalProperties: false, description: 'Another active dealer of the same store, by code; with eta, the unit is in transit to it.' },
);

export const ImportBody = Type.String({ maxLength: IMPORT_MAX_BYTES, description: 'text/csv, see the operation description.' });
export const ImportResultSchema = Type.Object({ imported: Type.Integer() }, { additionalProperties: false });

export const SearchQuerySchema = Type.Object(
  {
    model: Type.Optional(SlugSchema),
    trim: Type.Optional(SlugSchema),
    configuration: Type.Optional(Type.String({ pattern: SHORT_CODE_PATTERN, description: 'A saved configuration code.' })),
    near: Type.Optional(Type.String({ maxLength: 64, description: '"lat,lng" in decimal degrees.' })),
    radiusKm: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'What counts as near, for `nearby`.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

const MatchSchema = Type.Object(
  {
    exact: Type.Boolean(),
    trim: Type.Union([Type.Object({ wanted: Named, actual: Named }, { additionalProperties: false }), Type.Null()]),
    colour: Type.Union([
      Type.Object({ wanted: Type.Union([Named, Type.Null()]), actual: Type.Union([Named, Type.Null()]) }, { additionalProperties: false }),
      Type.Null(),
    ]),
    added: Type.Array(Named),
    missing: Type.Array(Named),
    priceDifference: MoneySchema,
  },
  { additionalProperties: false, description: 'How the unit differs from the configuration; priceDifference = unit price − configuration vehicle price.' },
);

export const SearchResultSchema = Type.Object(
  {
    locale: LocaleSchema,
    model: Type.Union([Named, Type.Null()], { description: 'Null when no model was named: the search then spans the range.' }),
    configuration: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer({ description: 'Available units of the model (and trim) at every active dealer.' }),
    nearby: Type.Union([Type.Integer(), Type.Null()], { description: 'Of those, at dealers within radiusKm of near; null without near.' }),
    radiusKm: Type.Integer(),
    units: Type.Array(
      Type.Object(
        {
          vin: Type.String(),
          model: Named,
          trim: Named,
          colour: Type.Union([Named, Type.Null()]),
          options: Type.Array(Named),
          price: MoneySchema,
          inTransit: Type.Boolean(),
          eta: Type.Union([Type.String(), Type.Null()]),
          dealer: Type.Object({ code: Type.String(), name: Type.String(), city: Type.String() }, { additionalProperties: false }),
          distanceKm: Type.Optional(Type.Number()),
          match: Type.Optional(MatchSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
