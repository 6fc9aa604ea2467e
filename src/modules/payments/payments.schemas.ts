import { Type } from 'typebox';
import { LocaleSchema, MoneySchema } from '../../shared/schemas.js';

const Closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const ProviderSchema = Type.Union([Type.Literal('sandbox'), Type.Literal('alipay'), Type.Literal('wechatpay')]);

export const PaymentSchema = Type.Object(
  {
    id: Type.String(),
    orderId: Nullable(Type.String({ description: 'The order this pays for; null for a voucher.' })),
    voucherId: Nullable(Type.String({ description: 'The voucher this buys; null for an order.' })),
    purpose: Type.Union([Type.Literal('deposit'), Type.Literal('balance'), Type.Literal('voucher')]),
    provider: ProviderSchema,
    amount: MoneySchema,
    status: Type.String({ description: 'pending | succeeded | failed | expired' }),
    checkout: Type.Object(
      {
        url: Nullable(Type.String({ description: 'Open this to pay (phone).' })),
        qrContent: Nullable(Type.String({ description: 'Show this as a QR code to pay from a phone (desktop).' })),
      },
      Closed,
    ),
    expiresAt: Type.String(),
    createdAt: Type.String(),
  },
  Closed,
);

export const HostedPaymentSchema = Type.Object(
  { ...PaymentSchema.properties, reference: Type.String({ description: 'The order’s reference, or the voucher’s offer.' }), subject: Type.String() },
  Closed,
);

/** The hosted page's language: what the payment is for is named in it (zh-CN by default, as a provider's page is). */
export const HostedPaymentQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);

export const ProvidersSchema = Type.Object({ providers: Type.Array(ProviderSchema) }, Closed);

export const StartPaymentBody = Type.Object({ provider: ProviderSchema }, { ...Closed, description: 'Pays what the order asks now: its deposit, or its balance.' });
export const CompleteSandboxBody = Type.Object({ outcome: Type.Union([Type.Literal('paid'), Type.Literal('failed')]) }, Closed);
export const VoucherIdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, Closed);
export const OrderIdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, Closed);
export const PaymentIdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, Closed);
export const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z]{1,20}$' }) }, Closed);
