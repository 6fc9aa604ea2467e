import { Type } from 'typebox';
import { FenSchema, LocaleSchema, MAX_FEN, SlugSchema } from '../../shared/schemas.js';

const Closed = { additionalProperties: false } as const;

export const StoreParams = Type.Object({ store: SlugSchema }, Closed);
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);

/** The version a console read; a write naming another is refused as stale (409). */
const VersionSchema = Type.String({ pattern: '^[0-9a-f]{16}$', description: 'The version of the section as last read (GET); a write against an older one is a 409.' });
const VersionOut = Type.String({ description: 'Send it back with the next change of this section.' });
const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() }, Closed);
const BasisPoints = (maximum: number, description: string) => Type.Integer({ minimum: 0, maximum, description: `${description} In basis points: 499 = 4.99%.` });
const Count = (minimum: number, maximum: number, description: string) => Type.Integer({ minimum, maximum, description });

// ---- Deposits per model ----

export const DepositsSchema = Type.Object(
  {
    version: VersionOut,
    capBasisPoints: Type.Integer({ description: 'A deposit is at most this share of the car’s price (20%: Civil Code art. 586).' }),
    default: Money,
    models: Type.Array(
      Type.Object(
        {
          model: Type.String(),
          name: Type.String(),
          /** What the next order of its cheapest car asks, before the cap: the model's own or the default. */
          amount: Money,
          custom: Type.Boolean({ description: 'The model has its own deposit; false when it takes the default.' }),
          fromPrice: Type.Union([Money, Type.Null()], { description: 'Its cheapest trim.' }),
          maxAmount: Type.Union([Money, Type.Null()], { description: '20% of its cheapest trim: the highest deposit it may have.' }),
        },
        Closed,
      ),
      { maxItems: 500 },
    ),
  },
  Closed,
);

export const DepositsBody = Type.Object(
  {
    version: VersionSchema,
    deposits: Type.Array(
      Type.Object(
        {
          model: SlugSchema,
          amount: Type.Union([Type.Integer({ minimum: 100, maximum: MAX_FEN, description: 'Fen: at least ¥1.' }), Type.Null()], {
            description: 'Null puts the model back on the default deposit.',
          }),
        },
        Closed,
      ),
      { maxItems: 200, description: 'Models not listed keep their deposit.' },
    ),
  },
  Closed,
);

// ---- Checkout rules ----

const OrderPolicyFields = {
  holdMinutes: Count(5, 120, 'How long an order keeps its car while the deposit is unpaid.'),
  refundWindowDays: Count(0, 90, 'After paying the deposit, how long a buyer may cancel for a full refund even once a VIN is allocated.'),
  buildWeeks: Count(1, 52, 'The estimated build and shipping time of a car built to order.'),
  pickupMaxAttempts: Count(1, 20, 'Wrong pickup codes before handover is locked for a while.'),
};
export const OrderPolicySchema = Type.Object({ version: VersionOut, ...OrderPolicyFields }, Closed);
export const OrderPolicyBody = Type.Object({ version: VersionSchema, ...OrderPolicyFields }, Closed);

// ---- Finance rates ----

const LoanFields = Type.Object(
  {
    aprBasisPoints: BasisPoints(3_600, 'Annual rate.'),
    minDownBasisPoints: BasisPoints(10_000, 'Minimum down payment of a conventional car.'),
    nevMinDownBasisPoints: BasisPoints(10_000, 'Minimum down payment of a new-energy vehicle.'),
    minMonths: Count(12, 60, 'Shortest loan.'),
    maxMonths: Count(12, 60, 'Longest loan.'),
  },
  Closed,
);
const LeaseFields = Type.Object(
  {
    aprBasisPoints: BasisPoints(3_600, 'Annual rate.'),
    downBasisPoints: BasisPoints(10_000, 'Down payment.'),
    balloonBasisPoints: BasisPoints(10_000, 'What the buyer pays to own the car after the last rent.'),
    months: Count(6, 60, 'Monthly rents before the balloon.'),
    keepRentingMonths: Count(6, 120, 'Over how many months a buyer who keeps renting pays the balloon off.'),
  },
  Closed,
);
export const FinancePolicySchema = Type.Object({ version: VersionOut, loan: LoanFields, lease: LeaseFields }, Closed);
export const FinancePolicyBody = Type.Object({ version: VersionSchema, loan: LoanFields, lease: LeaseFields }, Closed);

// ---- Plate fees by city ----

const CityCode = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'A city code, e.g. shanghai.' });
export const PlateFeesAdminSchema = Type.Object(
  {
    version: VersionOut,
    default: Money,
    cities: Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), ice: Money, nev: Money, estimate: Type.Boolean(), served: Type.Boolean() }, Closed),
      { maxItems: 500 },
    ),
    /** Cities the store's dealers are in that take the default fee: candidates for a fee of their own. */
    otherServedCities: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, Closed), { maxItems: 500 }),
  },
  Closed,
);
export const PlateFeesBody = Type.Object(
  {
    version: VersionSchema,
    default: FenSchema,
    cities: Type.Array(
      Type.Object(
        {
          code: CityCode,
          ice: FenSchema,
          nev: FenSchema,
          estimate: Type.Optional(Type.Boolean({ description: 'The figure is an average or a guess; kept as it was when left out.' })),
        },
        Closed,
      ),
      { maxItems: 200, description: 'The full list: a city left out takes the default fee.' },
    ),
  },
  Closed,
);

// ---- Test-drive caps ----

const TestDriveFields = {
  maxUpcomingPerModel: Count(1, 10, 'Upcoming test drives a buyer may hold of one model.'),
  maxUpcoming: Count(1, 20, 'Upcoming test drives a buyer may hold in all.'),
  maxInWindow: Count(1, 100, 'Test drives a buyer may book in the rolling window.'),
  windowDays: Count(1, 365, 'The rolling window, in days.'),
  leadMinutes: Count(0, 2_880, 'How long before its start a slot may still be booked.'),
  horizonDays: Count(1, 30, 'How far ahead a slot may be booked, in days.'),
};
export const TestDrivePolicySchema = Type.Object(
  { version: VersionOut, ...TestDriveFields, slotMinutes: Type.Integer({ description: 'Length of a slot; fixed, as bookings are on its grid.' }) },
  Closed,
);
export const TestDrivePolicyBody = Type.Object({ version: VersionSchema, ...TestDriveFields }, Closed);
