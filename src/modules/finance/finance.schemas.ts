import { Type } from 'typebox';
import { MAX_FEN, SlugSchema } from '../../shared/schemas.js';

const Fen = (description: string) => Type.Integer({ description: `${description} Fen.` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const PlanSchema = Type.Union([Type.Literal('loan'), Type.Literal('lease')], {
  description: 'loan: an annuity over 12–60 months; lease: lease-to-own, 12 rents then buy, keep renting or swap.',
});

export const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });

export const QuoteBody = Type.Object(
  {
    plan: PlanSchema,
    model: SlugSchema,
    price: Type.Integer({ minimum: 1, maximum: MAX_FEN, description: 'The vehicle price in fen (at most ¥100 million).' }),
    downPayment: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'Fen; the store’s minimum for the model when left out.' }),
    ),
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120,
        description: 'A loan’s term within the store’s bounds (12–60 by default; 36 when left out). A lease runs exactly its fixed term (12).',
      }),
    ),
  },
  { additionalProperties: false },
);

const LineSchema = Type.Object(
  {
    month: Type.Integer(),
    payment: Fen('interest + principal.'),
    interest: Fen('The balance times APR / 12, rounded half up.'),
    principal: Fen('What the line repays.'),
    balance: Fen('Still owed after the line.'),
  },
  { additionalProperties: false },
);

const AfterLeaseSchema = Type.Object(
  {
    choice: Type.Union([Type.Literal('buy'), Type.Literal('keep_renting'), Type.Literal('swap')]),
    amount: Fen('Paid once when the lease ends: the balloon to buy, nothing otherwise.'),
    months: Nullable(Type.Integer({ description: 'keep_renting: months over which the balloon is paid off.' })),
    monthlyPayment: Nullable(Fen('keep_renting: the monthly payment.')),
  },
  { additionalProperties: false },
);

export const QuoteResponse = Type.Object(
  {
    plan: PlanSchema,
    currency: Type.String(),
    model: Type.Object({ slug: Type.String(), nev: Type.Boolean() }, { additionalProperties: false }),
    price: Fen('The vehicle price quoted.'),
    downPayment: Fen('Paid up front.'),
    minDownPayment: Fen('The store’s minimum for this model and plan, rounded up.'),
    maxDownPayment: Fen('The most a down payment may be: it leaves at least a fen beyond the balloon to finance.'),
    financed: Fen('price − downPayment.'),
    aprBasisPoints: Type.Integer({ description: 'Annual rate: 499 = 4.99%.' }),
    months: Type.Integer(),
    monthlyPayment: Fen('The regular line; the last line may differ by the rounding it absorbs.'),
    schedule: Type.Array(LineSchema, { maxItems: 60 }),
    totals: Type.Object(
      { payments: Fen('Sum of the lines.'), interest: Fen('Sum of interest.'), principal: Fen('financed − balloon.') },
      { additionalProperties: false },
    ),
    balloon: Nullable(Fen('Lease: owed after the last rent (the price to own the car). Null for a loan.')),
    afterLease: Nullable(Type.Array(AfterLeaseSchema, { description: 'Lease: what the buyer may do after the last rent. Null for a loan.' })),
    policy: Type.Object(
      {
        loanMonths: Type.Object({ min: Type.Integer(), max: Type.Integer() }, { additionalProperties: false }),
        minDownBasisPoints: Type.Integer({ description: 'A loan’s minimum down payment for this model: 2000 = 20%.' }),
        leaseDownBasisPoints: Type.Integer(),
        leaseMonths: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
