import { Type } from 'typebox';
import { LocaleSchema, MoneySchema, NameSchema, SlugSchema } from '../../shared/schemas.js';
import { SHORT_CODE_PATTERN } from '../configurator/short-code.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Closed = { additionalProperties: false } as const;
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const OrderStatusSchema = Type.Union([
  Type.Literal('pending_deposit'),
  Type.Literal('deposit_paid'),
  Type.Literal('allocated'),
  Type.Literal('paid'),
  Type.Literal('ready_for_handover'),
  Type.Literal('delivered'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
]);
export const PlanSchema = Type.Union([Type.Literal('cash'), Type.Literal('loan'), Type.Literal('lease')], {
  description: 'cash; loan (monthly annuity); lease (lease-to-own: 10% down, 12 rents, then buy, keep renting or swap).',
});
const DepositOutcomeSchema = Type.Union([Type.Literal('nothing_paid'), Type.Literal('refund'), Type.Literal('forfeit')]);

export const PlaceOrderBody = Type.Object(
  {
    configuration: Type.Optional(Type.String({ pattern: SHORT_CODE_PATTERN, description: 'A saved configuration: the car is built to order.' })),
    vin: Type.Optional(Type.String({ minLength: 17, maxLength: 17, pattern: '^[A-Za-z0-9]{17}$', description: 'One available car in stock.' })),
    dealer: SlugSchema,
    plan: PlanSchema,
    phone: Type.Optional(Type.String({ maxLength: 20, description: 'A mainland mobile number for the dealer to call.' })),
  },
  { ...Closed, description: 'Exactly one of configuration or vin.' },
);

const PaymentLineSchema = Type.Object(
  { id: Type.String(), purpose: Type.String(), provider: Type.String(), amount: MoneySchema, status: Type.String(), createdAt: Type.String() },
  Closed,
);
const RefundLineSchema = Type.Object({ id: Type.String(), amount: MoneySchema, status: Type.String(), reason: Type.String(), createdAt: Type.String() }, Closed);
const EventSchema = Type.Object(
  {
    kind: Type.String(),
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    at: Type.String(),
    by: Nullable(Type.String()),
    detail: Nullable(Type.Object({}, { additionalProperties: true })),
  },
  Closed,
);

const orderProperties = {
  id: Type.String(),
  reference: Type.String(),
  store: Type.String(),
  status: OrderStatusSchema,
  source: Type.Union([Type.Literal('configuration'), Type.Literal('stock_unit'), Type.Literal('campaign')]),
  plan: PlanSchema,
  configurationCode: Nullable(Type.String()),
  vin: Nullable(Type.String()),
  vehicle: Type.Object(
    {
      model: Type.Object({ slug: Type.String(), name: Type.String() }, Closed),
      trim: Type.Object({ code: Type.String(), name: Type.String() }, Closed),
      colour: Nullable(Type.String()),
      options: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), price: MoneySchema }, Closed)),
    },
    Closed,
  ),
  dealer: Type.Object({ code: Type.String(), name: Type.String(), city: Type.String(), phone: Type.String() }, Closed),
  price: Type.Object({ vehicle: MoneySchema, deposit: MoneySchema, onTheRoad: Nullable(MoneySchema) }, Closed),
  balance: Type.Object(
    {
      captured: MoneySchema,
      refunded: MoneySchema,
      financed: MoneySchema,
      due: MoneySchema,
    },
    { ...Closed, description: 'Sums of the order’s ledger: captured − refunded is the money held; financed is approved finance.' },
  ),
  refundRules: Type.Object(
    { windowDays: Type.Integer(), refundWindowEndsAt: Nullable(Type.String()), ifBuyerCancelsNow: DepositOutcomeSchema },
    {
      ...Closed,
      description:
        'The deposit is fully refundable until a VIN is allocated or within the window after paying it; later a buyer’s cancellation forfeits it. A dealer’s or the brand’s always refunds.',
    },
  ),
  holdExpiresAt: Nullable(Type.String({ description: 'Pay the deposit before this, or the order expires and its car goes back on sale.' })),
  estimatedDelivery: Nullable(Type.String()),
  depositPaidAt: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  allocatedAt: Nullable(Type.String()),
  balanceMethod: Nullable(Type.String()),
  inspection: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), done: Type.Boolean() }, Closed)),
  handoverAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  tempPlate: Nullable(Type.Object({ number: Type.String(), expiresOn: Type.String() }, Closed)),
  cancelledBy: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  timeline: Type.Array(EventSchema),
  payments: Type.Array(PaymentLineSchema),
  refunds: Type.Array(RefundLineSchema),
};

export const BuyerOrderSchema = Type.Object(
  {
    ...orderProperties,
    pickupCode: Nullable(Type.String({ description: 'Six digits the buyer shows at handover.' })),
    canCancel: Type.Boolean(),
    payable: Nullable(Type.Object({ purpose: Type.Union([Type.Literal('deposit'), Type.Literal('balance')]), amount: MoneySchema }, Closed)),
  },
  Closed,
);

export const StaffOrderSchema = Type.Object(
  {
    ...orderProperties,
    buyer: Type.Object({ name: Type.String(), phone: Nullable(Type.String()) }, Closed),
    next: Type.Array(OrderStatusSchema, { description: 'The states this caller may move the order to now.' }),
    pickupLocked: Type.Boolean(),
  },
  Closed,
);

export const OrderTermsQuery = Type.Object(
  {
    configuration: Type.Optional(Type.String({ pattern: SHORT_CODE_PATTERN, description: 'A saved configuration, built to order.' })),
    vin: Type.Optional(Type.String({ minLength: 17, maxLength: 17, pattern: '^[A-Za-z0-9]{17}$', description: 'One car in stock; give its dealer too.' })),
    dealer: Type.Optional(SlugSchema),
  },
  { ...Closed, description: 'Exactly one of configuration or vin, as the order would name it.' },
);
export const OrderTermsSchema = Type.Object(
  {
    vehiclePrice: MoneySchema,
    deposit: MoneySchema,
    refundWindowDays: Type.Integer({ description: 'After paying the deposit, how long a cancellation still refunds it in full, even once a VIN is allocated.' }),
    holdMinutes: Type.Integer({ description: 'How long the order keeps its car while the deposit is unpaid.' }),
  },
  {
    ...Closed,
    description:
      'What reserving asks, before anything is held: the deposit is fully refundable until a VIN is allocated or within the window after paying it; later a buyer’s cancellation forfeits it. A dealer’s or the brand’s always refunds.',
  },
);

export const BuyerOrderListSchema = Type.Object({ orders: Type.Array(BuyerOrderSchema), nextCursor: Nullable(Type.String()) }, Closed);
export const StaffOrderListSchema = Type.Object(
  {
    orders: Type.Array(StaffOrderSchema),
    counts: Type.Record(Type.String(), Type.Integer()),
    nextCursor: Nullable(Type.String()),
  },
  Closed,
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(OrderStatusSchema),
    cursor: Type.Optional(Type.String({ maxLength: 80 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
    locale: Type.Optional(LocaleSchema),
  },
  Closed,
);
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);
export const StoreParams = Type.Object({ store: SlugSchema }, Closed);
export const IdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, Closed);
export const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, Closed);
export const DealerOrderParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, id: Type.String({ pattern: UUID }) }, Closed);
export const StoreOrderParams = Type.Object({ store: SlugSchema, id: Type.String({ pattern: UUID }) }, Closed);

export const EmptyBody = Type.Union([Type.Object({}, Closed), Type.Null()]);
export const CancelBody = Type.Union([Type.Object({ reason: Type.Optional(NameSchema(300)) }, Closed), Type.Null()]);
export const AllocateBody = Type.Object({ vin: Type.Optional(Type.String({ minLength: 17, maxLength: 17, pattern: '^[A-Za-z0-9]{17}$' })) }, Closed);
export const BalanceBody = Type.Object(
  { method: Type.Union([Type.Literal('online'), Type.Literal('dealer'), Type.Literal('financed')], { description: 'online: the buyer pays it in the app; dealer: paid at the counter; financed: the lender approved it.' }) },
  Closed,
);
export const InspectionBody = Type.Object(
  { done: Type.Array(Type.String({ pattern: '^[a-z0-9_]{1,40}$' }), { maxItems: 50, description: 'Every ticked item code; the others are unticked.' }) },
  Closed,
);
export const AppointmentBody = Type.Object({ at: Type.String({ format: 'date-time', maxLength: 40 }) }, Closed);
export const HandoverBody = Type.Object(
  {
    pickupCode: Type.String({ pattern: '^[0-9]{6}$' }),
    tempPlate: Type.Optional(
      Type.Object(
        {
          number: Type.String({ minLength: 2, maxLength: 16, pattern: '^[\\p{L}\\p{N}·. -]{2,16}$' }),
          expiresOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'At most 30 days after handover.' }),
        },
        Closed,
      ),
    ),
  },
  Closed,
);

export const VehicleListSchema = Type.Object(
  {
    vehicles: Type.Array(
      Type.Object(
        {
          vin: Type.String(),
          orderId: Type.String(),
          store: Type.String(),
          model: Type.Object({ slug: Type.String(), name: Type.String() }, Closed),
          trim: Type.Object({ code: Type.String(), name: Type.String() }, Closed),
          colour: Nullable(Type.String()),
          dealer: Type.Object({ code: Type.String(), name: Type.String(), city: Type.String(), phone: Type.String() }, Closed),
          deliveredAt: Type.String(),
          tempPlate: Nullable(Type.Object({ number: Type.String(), expiresOn: Type.String() }, Closed)),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
