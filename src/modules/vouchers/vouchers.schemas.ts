import { Type } from 'typebox';
import { FenSchema, LocaleSchema, MoneySchema, NameSchema, SlugSchema } from '../../shared/schemas.js';

const Closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const Instant = Type.String({ format: 'date-time', maxLength: 40, description: 'An instant, e.g. 2018-04-13T02:00:00Z.' });
/** Twelve digits, as printed (groups of four separated by spaces or dashes are fine). */
const CodeSchema = Type.String({ minLength: 12, maxLength: 20, pattern: '^[0-9](?:[ -]?[0-9]){11}$', description: 'The voucher’s 12-digit verification code.' });

export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);
export const StoreParams = Type.Object({ store: SlugSchema }, Closed);
export const OfferParams = Type.Object({ store: SlugSchema, offer: SlugSchema }, Closed);
export const VoucherIdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, Closed);
export const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, Closed);
export const DealerCodeParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, code: CodeSchema }, Closed);

export const OfferStateSchema = Type.Union([Type.Literal('upcoming'), Type.Literal('on_sale'), Type.Literal('sold_out'), Type.Literal('ended')]);
export const VoucherStatusSchema = Type.Union([
  Type.Literal('pending_payment'),
  Type.Literal('active'),
  Type.Literal('redeemed'),
  Type.Literal('expired'),
  Type.Literal('refunded'),
  Type.Literal('lapsed'),
]);

const PolicySchema = Type.Object(
  {
    refundDays: Type.Integer({ minimum: 0, maximum: 365, description: 'An unused voucher may be refunded on request within this many days of paying.' }),
    refundOnExpiry: Type.Boolean({ description: 'An unused voucher that expires is refunded in full (true) or lapses (false).' }),
  },
  Closed,
);
export const VoucherPolicySchema = PolicySchema;
export const VoucherPolicyBody = PolicySchema;

const offerProperties = {
  slug: Type.String(),
  name: Type.String(),
  terms: Type.String(),
  price: MoneySchema,
  value: MoneySchema,
  unitsTotal: Nullable(Type.Integer()),
  remaining: Nullable(Type.Integer({ description: 'Vouchers left; null when the offer is not limited.' })),
  perBuyerLimit: Type.Integer(),
  payMinutes: Type.Integer(),
  saleStartsAt: Type.String(),
  saleEndsAt: Type.String(),
  validUntil: Type.String(),
  state: OfferStateSchema,
  refundPolicy: PolicySchema,
};
export const OfferSchema = Type.Object(offerProperties, Closed);
export const OfferListSchema = Type.Object({ offers: Type.Array(OfferSchema) }, Closed);

const LocalizedName = Type.Object({ 'zh-CN': NameSchema(120), fr: NameSchema(120), en: NameSchema(120) }, Closed);
const LocalizedTerms = Type.Object({ 'zh-CN': NameSchema(2000), fr: NameSchema(2000), en: NameSchema(2000) }, Closed);
const Counts = Type.Object(
  {
    pending_payment: Type.Integer(),
    active: Type.Integer(),
    redeemed: Type.Integer(),
    expired: Type.Integer(),
    refunded: Type.Integer(),
    lapsed: Type.Integer(),
  },
  Closed,
);
export const AdminOfferSchema = Type.Object(
  {
    ...offerProperties,
    localized: Type.Object({ name: Type.Object({}, { additionalProperties: Type.String() }), terms: Type.Object({}, { additionalProperties: Type.String() }) }, Closed),
    counts: Counts,
    revenue: MoneySchema,
    refunded: MoneySchema,
  },
  Closed,
);
export const AdminOfferListSchema = Type.Object({ offers: Type.Array(AdminOfferSchema) }, Closed);

export const NewOfferBody = Type.Object(
  {
    slug: SlugSchema,
    name: LocalizedName,
    terms: LocalizedTerms,
    price: Type.Integer({ minimum: 1, maximum: 100_000_000_00, description: 'Minor units (fen) paid online.' }),
    value: FenSchema,
    unitsTotal: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    perBuyerLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    payMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })),
    saleStartsAt: Instant,
    saleEndsAt: Instant,
    validUntil: Instant,
  },
  Closed,
);

export const BuyVoucherBody = Type.Object({ offer: SlugSchema }, Closed);

const voucherProperties = {
  id: Type.String(),
  offer: Type.Object({ slug: Type.String(), name: Type.String(), terms: Type.String() }, Closed),
  status: VoucherStatusSchema,
  price: MoneySchema,
  value: MoneySchema,
  code: Nullable(Type.String({ description: 'Shown once paid: the code (and QR code) to show at the dealer.' })),
  payBy: Nullable(Type.String()),
  paidAt: Nullable(Type.String()),
  refundableUntil: Nullable(Type.String()),
  expiresAt: Type.String(),
  redeemed: Nullable(
    Type.Object(
      {
        at: Type.String(),
        dealer: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, Closed)),
        orderId: Nullable(Type.String()),
        saleReference: Nullable(Type.String()),
      },
      Closed,
    ),
  ),
  amountPaid: MoneySchema,
  amountRefunded: MoneySchema,
  createdAt: Type.String(),
};
export const VoucherSchema = Type.Object(voucherProperties, Closed);
export const VoucherListSchema = Type.Object({ vouchers: Type.Array(VoucherSchema) }, Closed);
export const StaffVoucherSchema = Type.Object({ ...voucherProperties, code: Type.String(), redeemable: Type.Boolean() }, Closed);
export const StaffVoucherListSchema = Type.Object({ vouchers: Type.Array(StaffVoucherSchema) }, Closed);

export const RedeemBody = Type.Union(
  [
    Type.Object({ code: CodeSchema, order: Type.String({ pattern: UUID, description: 'An order of the voucher’s buyer at this dealer: the voucher pays part of its balance.' }) }, Closed),
    Type.Object({ code: CodeSchema, saleReference: NameSchema(64, { description: 'The dealer’s own reference of a sale made at the counter.' }) }, Closed),
  ],
  { description: 'A code, and what it pays for: an order, or a sale at the counter.' },
);

export const ReportQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    offer: Type.Optional(SlugSchema),
    locale: Type.Optional(LocaleSchema),
  },
  Closed,
);
export const ReportSchema = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    offer: Nullable(Type.String()),
    dealers: Type.Array(
      Type.Object(
        {
          dealer: Type.Object({ code: Type.String(), name: Type.String(), city: Type.String() }, Closed),
          redeemed: Type.Integer(),
          value: MoneySchema,
          againstOrders: Type.Integer(),
        },
        Closed,
      ),
    ),
    totals: Type.Object({ redeemed: Type.Integer(), value: MoneySchema }, Closed),
  },
  Closed,
);
export const EmptyBody = Type.Union([Type.Object({}, Closed), Type.Null()]);
