import { Type } from 'typebox';
import { LocaleSchema, NameSchema, SlugSchema } from '../../shared/schemas.js';

const DateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A date in Asia/Shanghai, YYYY-MM-DD.' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const StatusSchema = Type.Union([
  Type.Literal('booked'),
  Type.Literal('confirmed'),
  Type.Literal('completed'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
]);
/** An instant with its offset, e.g. 2026-03-03T02:00:00Z (10:00 in Shanghai). */
const StartSchema = Type.String({ minLength: 16, maxLength: 40, description: 'The slot’s start: an ISO 8601 instant with its UTC offset.' });
const TimesSchema = {
  start: Type.String({ description: 'UTC instant.' }),
  end: Type.String({ description: 'UTC instant.' }),
  date: Type.String({ description: 'Local date, Asia/Shanghai.' }),
  time: Type.String({ description: 'Local start time HH:MM, Asia/Shanghai.' }),
};

export const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, { additionalProperties: false });
export const StoreParams = Type.Object({ store: SlugSchema }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 36 }) }, { additionalProperties: false });
export const DealerIdParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, id: Type.String({ maxLength: 36 }) }, { additionalProperties: false });
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

export const SlotsQuery = Type.Object(
  {
    model: Type.Optional(SlugSchema),
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);

export const SlotsResponse = Type.Object(
  {
    dealer: Type.String(),
    model: Type.Union([Type.String(), Type.Null()], { description: 'The model asked for; without one there are no slots.' }),
    models: Type.Array(Type.Object({ slug: Type.String(), demoCars: Type.Integer() }, { additionalProperties: false }), {
      description: 'The models with demo cars at this dealer.',
    }),
    timeZone: Type.Literal('Asia/Shanghai'),
    slotMinutes: Type.Integer(),
    capacity: Type.Integer({ description: 'Demo cars of the model at the dealer.' }),
    from: Type.String(),
    to: Type.String(),
    slots: Type.Array(Type.Object({ ...TimesSchema, remaining: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const BookingBody = Type.Object(
  {
    dealer: SlugSchema,
    model: SlugSchema,
    start: StartSchema,
    sharePhone: Type.Optional(Type.Boolean({ description: 'Let the dealer call the buyer’s phone.' })),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const RescheduleBody = Type.Object({ start: StartSchema }, { additionalProperties: false });
export const NoteBody = Type.Object({ note: NameSchema(1000) }, { additionalProperties: false });
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const BuyerTestDriveSchema = Type.Object(
  {
    id: Type.String(),
    store: Type.String(),
    dealer: Type.Object(
      { code: Type.String(), name: Type.String(), city: Type.String(), address: Nullable(Type.String()), phone: Type.String() },
      { additionalProperties: false },
    ),
    model: Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
    ...TimesSchema,
    status: StatusSchema,
    notes: Nullable(Type.String()),
    phoneShared: Type.Boolean(),
    upcoming: Type.Boolean({ description: 'Booked or confirmed, and not begun yet: can be moved or cancelled.' }),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const MyTestDrivesQuery = Type.Object(
  { locale: Type.Optional(LocaleSchema), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) },
  { additionalProperties: false },
);

export const MyTestDrivesResponse = Type.Object({ testDrives: Type.Array(BuyerTestDriveSchema) }, { additionalProperties: false });

export const DealerTestDriveSchema = Type.Object(
  {
    id: Type.String(),
    model: Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
    buyer: Type.Object({ name: Type.String(), phone: Nullable(Type.String()) }, { additionalProperties: false }),
    ...TimesSchema,
    status: StatusSchema,
    notes: Nullable(Type.String()),
    dealerNotes: Type.Array(Type.Object({ text: Type.String(), author: Nullable(Type.String()), at: Type.String() }, { additionalProperties: false })),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const CalendarQuery = Type.Object(
  { from: Type.Optional(DateSchema), to: Type.Optional(DateSchema), locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);

export const CalendarResponse = Type.Object(
  { from: Type.String(), to: Type.String(), timeZone: Type.Literal('Asia/Shanghai'), testDrives: Type.Array(DealerTestDriveSchema) },
  { additionalProperties: false },
);
