import { Type } from 'typebox';
import { FenSchema, LocaleSchema, MoneySchema, NameSchema, SlugSchema } from '../../shared/schemas.js';
import { PlanSchema } from '../orders/orders.schemas.js';

const Closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const CODE_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const CodeField = Type.String({ pattern: CODE_PATTERN });
const Instant = Type.String({ format: 'date-time', maxLength: 40, description: 'An instant, e.g. 2018-04-13T02:00:00Z.' });

export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);
export const StoreParams = Type.Object({ store: SlugSchema }, Closed);
export const CampaignParams = Type.Object({ store: SlugSchema, campaign: SlugSchema }, Closed);

export const CampaignStateSchema = Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('sold_out'), Type.Literal('ended')]);

const configurationProperties = {
  model: Type.Object({ slug: Type.String(), name: Type.String() }, Closed),
  trim: Type.Object({ code: Type.String(), name: Type.String() }, Closed),
  options: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, Closed)),
  colour: Nullable(Type.String()),
};

export const EditionSchema = Type.Object(
  {
    code: Type.String({ description: 'What a claim names to get this edition.' }),
    name: Type.String({ description: 'Its paint in the requested locale, or its trim when it has no paint.' }),
    ...configurationProperties,
  },
  Closed,
);

const campaignProperties = {
  slug: Type.String(),
  name: Type.String(),
  story: Type.String(),
  edition: Type.Object(configurationProperties, { ...Closed, description: 'The first of the editions.' }),
  editions: Type.Array(EditionSchema, { description: 'Every edition on sale, in order; they share the units, price and deposit.' }),
  price: MoneySchema,
  listPrice: MoneySchema,
  deposit: MoneySchema,
  unitsTotal: Type.Integer(),
  remaining: Type.Integer({ description: 'Units neither held nor sold, as of at most a second ago.' }),
  perBuyerLimit: Type.Integer(),
  payMinutes: Type.Integer({ description: 'Minutes a winner has to pay the deposit before the unit goes back on sale.' }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  endedAt: Nullable(Type.String()),
  state: CampaignStateSchema,
  serverTime: Type.String({ description: 'The server’s clock when it answered, to synchronise a countdown.' }),
};

export const CampaignSchema = Type.Object(campaignProperties, Closed);
export const CampaignListSchema = Type.Object({ campaigns: Type.Array(CampaignSchema) }, Closed);

const LocalizedTextSchema = Type.Object({ 'zh-CN': NameSchema(200), fr: NameSchema(200), en: NameSchema(200) }, Closed);
const LocalizedStorySchema = Type.Object({ 'zh-CN': NameSchema(4000), fr: NameSchema(4000), en: NameSchema(4000) }, Closed);

export const AdminCampaignSchema = Type.Object(
  {
    ...campaignProperties,
    localized: Type.Object({ name: Type.Object({}, { additionalProperties: Type.String() }), story: Type.Object({}, { additionalProperties: Type.String() }) }, Closed),
    unitsHeld: Type.Integer(),
    unitsSold: Type.Integer(),
  },
  Closed,
);
export const AdminCampaignListSchema = Type.Object({ campaigns: Type.Array(AdminCampaignSchema) }, Closed);

const OptionCodes = Type.Array(CodeField, { maxItems: 50 });

export const EditionInputSchema = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: CODE_PATTERN, description: 'What a claim names; by default the paint option’s code.' })),
    trim: CodeField,
    options: OptionCodes,
  },
  Closed,
);

const editableFields = {
  name: LocalizedTextSchema,
  story: LocalizedStorySchema,
  model: SlugSchema,
  trim: CodeField,
  options: OptionCodes,
  editions: Type.Array(EditionInputSchema, { minItems: 1, maxItems: 6, description: 'Instead of trim and options: up to 6 configurations of the model.' }),
  price: FenSchema,
  listPrice: FenSchema,
  deposit: FenSchema,
  unitsTotal: Type.Integer({ minimum: 1, maximum: 100_000 }),
  startsAt: Instant,
  endsAt: Instant,
  perBuyerLimit: Type.Integer({ minimum: 1, maximum: 10 }),
  payMinutes: Type.Integer({ minimum: 5, maximum: 24 * 60 }),
};

export const NewCampaignBody = Type.Object(
  {
    slug: SlugSchema,
    ...editableFields,
    trim: Type.Optional(editableFields.trim),
    options: Type.Optional(editableFields.options),
    editions: Type.Optional(editableFields.editions),
    perBuyerLimit: Type.Optional(editableFields.perBuyerLimit),
    payMinutes: Type.Optional(editableFields.payMinutes),
  },
  {
    ...Closed,
    description:
      'A flash sale of one edition (trim and options) or of several (editions), which share its units, price and deposit; ' +
      'its deposit is at most 20% of its price (Civil Code art. 586).',
  },
);

export const CampaignChangesBody = Type.Partial(Type.Object(editableFields, Closed), {
  ...Closed,
  minProperties: 1,
  description: 'Only before the sale starts.',
});

export const ClaimBody = Type.Object(
  {
    dealer: SlugSchema,
    edition: Type.Optional(Type.String({ pattern: CODE_PATTERN, description: 'The code of the edition claimed; may be left out when the sale has one.' })),
    plan: Type.Optional(PlanSchema),
    phone: Type.Optional(Type.String({ maxLength: 20, description: 'A mainland mobile number for the dealer to call.' })),
  },
  Closed,
);

export const EmptyBody = Type.Union([Type.Object({}, Closed), Type.Null()]);
