import { Type } from 'typebox';
import { LocaleSchema, SlugSchema } from '../../shared/schemas.js';

const Closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const CODE_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const Day = Type.String({ pattern: DAY_PATTERN, description: 'An Asia/Shanghai calendar date, YYYY-MM-DD.' });

export const StoreParams = Type.Object({ store: SlugSchema }, Closed);

const rangeAndFormat = {
  from: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'First Shanghai day, included; by default 29 days before `to`.' })),
  to: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'Last Shanghai day, included; by default today. A range covers at most 1,096 days.' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '`csv`: the table as text/csv (RFC 4180, a header row).' })),
  locale: Type.Optional(LocaleSchema),
};
const modelFilter = { model: Type.Optional(Type.String({ pattern: CODE_PATTERN, description: 'Only this model (slug).' })) };
const placeFilters = {
  dealer: Type.Optional(Type.String({ pattern: CODE_PATTERN, description: 'Only this dealer (code).' })),
  city: Type.Optional(Type.String({ pattern: CODE_PATTERN, description: 'Only this city (city code, e.g. shanghai).' })),
};
const channelFilter = {
  channel: Type.Optional(Type.Union([Type.Literal('phone'), Type.Literal('desktop'), Type.Literal('unknown')], { description: 'Only events from this channel.' })),
};

export const FunnelQuery = Type.Object({ ...rangeAndFormat, ...modelFilter, ...placeFilters, ...channelFilter }, Closed);
export const SalesQuery = Type.Object(
  { ...rangeAndFormat, ...modelFilter, ...placeFilters, ...channelFilter, granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'Bucket size; weeks are ISO weeks. By default day.' })) },
  Closed,
);
export const BreakdownQuery = Type.Object(
  { ...rangeAndFormat, ...modelFilter, ...placeFilters, ...channelFilter, by: Type.Union([Type.Literal('model'), Type.Literal('province'), Type.Literal('city'), Type.Literal('dealer')]) },
  Closed,
);
export const NevShareQuery = Type.Object({ ...rangeAndFormat, ...placeFilters, ...channelFilter }, Closed);
export const CampaignsQuery = Type.Object({ ...rangeAndFormat, ...modelFilter }, Closed);

const RatioSchema = Type.Object(
  {
    numerator: Type.Integer(),
    denominator: Type.Integer(),
    percent: Nullable(Type.Number({ description: 'numerator ÷ denominator × 100, rounded to 2 places; null when the denominator is 0.' })),
  },
  Closed,
);
const RangeSchema = Type.Object({ from: Day, to: Day }, Closed);
const FiltersSchema = Type.Object({ model: Nullable(Type.String()), dealer: Nullable(Type.String()), city: Nullable(Type.String()), channel: Nullable(Type.String()) }, Closed);
const StageName = Type.Union([
  Type.Literal('views'),
  Type.Literal('configurations'),
  Type.Literal('leads'),
  Type.Literal('testDrives'),
  Type.Literal('deposits'),
  Type.Literal('deliveries'),
]);

export const FunnelSchema = Type.Object(
  {
    range: RangeSchema,
    filters: FiltersSchema,
    stages: Type.Array(
      Type.Object(
        {
          stage: StageName,
          events: Type.Integer(),
          amount: Type.Integer({ description: 'fen' }),
          basis: Nullable(StageName),
          conversion: Nullable(RatioSchema),
          ofViews: RatioSchema,
        },
        Closed,
      ),
    ),
  },
  Closed,
);

const Pace = Type.Object({ units: Type.Integer(), days: Type.Integer(), perDay: Type.Number() }, Closed);

export const SalesSchema = Type.Object(
  {
    range: RangeSchema,
    filters: FiltersSchema,
    granularity: Type.String(),
    buckets: Type.Array(
      Type.Object(
        { period: Type.String(), from: Day, to: Day, deposits: Type.Integer(), depositAmount: Type.Integer(), deliveries: Type.Integer(), target: Nullable(Type.Number()) },
        Closed,
      ),
    ),
    totals: Type.Object({ deposits: Type.Integer(), depositAmount: Type.Integer(), deliveries: Type.Integer() }, Closed),
    target: Nullable(
      Type.Object(
        {
          year: Type.Integer(),
          units: Type.Integer(),
          scope: Type.String(),
          setFor: Type.Integer(),
          note: Type.String(),
          today: Day,
          soldThisYear: Type.Integer(),
          remaining: Type.Integer(),
          daysLeft: Type.Integer(),
          paceNeeded: Pace,
          paceSoFar: Pace,
        },
        Closed,
      ),
    ),
  },
  Closed,
);

export const BreakdownSchema = Type.Object(
  {
    range: RangeSchema,
    filters: FiltersSchema,
    by: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          key: Nullable(Type.String()),
          label: Nullable(Type.String()),
          views: Type.Integer(),
          configurations: Type.Integer(),
          leads: Type.Integer(),
          testDrives: Type.Integer(),
          deposits: Type.Integer(),
          depositAmount: Type.Integer(),
          deliveries: Type.Integer(),
          conversion: RatioSchema,
          rank: Type.Optional(Type.Integer()),
          leadsReceived: Type.Optional(Type.Integer()),
          leadsContacted: Type.Optional(Type.Integer()),
          medianMinutesToFirstContact: Type.Optional(Nullable(Type.Number())),
        },
        Closed,
      ),
    ),
  },
  Closed,
);

export const NevShareSchema = Type.Object(
  {
    range: RangeSchema,
    filters: FiltersSchema,
    views: RatioSchema,
    deposits: RatioSchema,
    deliveries: RatioSchema,
    market: Nullable(Type.Object({ year: Type.Integer(), nevSales: Type.Integer(), carSales: Type.Integer(), share: RatioSchema }, Closed)),
  },
  Closed,
);

export const CampaignsSchema = Type.Object(
  {
    range: RangeSchema,
    filters: FiltersSchema,
    campaigns: Type.Array(
      Type.Object(
        {
          slug: Type.String(),
          name: Type.String(),
          model: Nullable(Type.String()),
          startsAt: Type.String(),
          unitsTotal: Type.Integer(),
          unitsHeld: Type.Integer(),
          unitsSold: Type.Integer(),
          claims: Type.Integer(),
          paid: Type.Integer(),
          holdsConverted: RatioSchema,
          soldOutAt: Nullable(Type.String()),
          secondsToSellOut: Nullable(Type.Integer()),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
