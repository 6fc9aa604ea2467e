import { Type } from 'typebox';
import { LocaleSchema, NameSchema, SlugSchema } from '../../shared/schemas.js';
import { ADMIN_DEALERS_DEFAULT_LIMIT, ADMIN_DEALERS_MAX_LIMIT } from './dealers.admin.js';

// The brand console's dealer and staff schemas. The dealer console's and the locator's stay in dealers.routes.ts.

const Closed = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const ServiceSchema = Type.Union([Type.Literal('sales'), Type.Literal('test_drive'), Type.Literal('delivery'), Type.Literal('service')]);
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, Asia/Shanghai.' });
const DayHours = Nullable(Type.Object({ open: TimeOfDay, close: TimeOfDay }, Closed));
export const WeeklyHoursSchema = Type.Object(
  { mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours },
  { additionalProperties: false, description: 'Every weekday; null for a closed day.' },
);
export const PhoneSchema = Type.String({ pattern: '^[0-9+][0-9 -]{6,19}$', description: 'The dealer’s public phone.' });
export const DealerStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('inactive')], {
  description: 'inactive: switched off, gone from the public locator and from new orders.',
});

const Localized = (maxLength: number) => Type.Object({ 'zh-CN': NameSchema(maxLength), fr: NameSchema(maxLength), en: NameSchema(maxLength) }, Closed);
const LocalizedOut = Type.Object({ 'zh-CN': Type.String(), fr: Type.String(), en: Type.String() }, Closed);
const Location = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, decimal degrees (WGS-84).' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, decimal degrees (WGS-84).' }),
  },
  Closed,
);

export const StoreParams = Type.Object({ store: SlugSchema }, Closed);
export const DealerParams = Type.Object({ store: SlugSchema, dealer: SlugSchema }, Closed);
export const StaffParams = Type.Object({ store: SlugSchema, dealer: SlugSchema, id: Type.String({ pattern: UUID }) }, Closed);
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, Closed);
export const DealerListQuery = Type.Object(
  {
    status: Type.Optional(DealerStatusSchema),
    after: Type.Optional(SlugSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ADMIN_DEALERS_MAX_LIMIT, default: ADMIN_DEALERS_DEFAULT_LIMIT })),
    locale: Type.Optional(LocaleSchema),
  },
  Closed,
);

const profileFields = {
  name: Localized(120),
  address: Nullable(Localized(200)),
  city: Localized(60),
  cityCode: SlugSchema,
  province: Localized(60),
  location: Location,
  phone: PhoneSchema,
  services: Type.Array(ServiceSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  openingHours: WeeklyHoursSchema,
  status: DealerStatusSchema,
};

export const NewDealerBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'Unique in the store, in its addresses: sh-05.' }),
    name: profileFields.name,
    address: Type.Optional(profileFields.address),
    city: profileFields.city,
    cityCode: profileFields.cityCode,
    province: profileFields.province,
    location: profileFields.location,
    phone: profileFields.phone,
    services: profileFields.services,
    openingHours: Type.Optional(Nullable(WeeklyHoursSchema)),
    status: Type.Optional(profileFields.status),
  },
  Closed,
);

export const DealerChangesBody = Type.Object(
  {
    name: Type.Optional(profileFields.name),
    address: Type.Optional(profileFields.address),
    city: Type.Optional(profileFields.city),
    cityCode: Type.Optional(profileFields.cityCode),
    province: Type.Optional(profileFields.province),
    location: Type.Optional(profileFields.location),
    phone: Type.Optional(profileFields.phone),
    services: Type.Optional(profileFields.services),
    openingHours: Type.Optional(profileFields.openingHours),
    status: Type.Optional(profileFields.status),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AdminDealerSchema = Type.Object(
  {
    code: Type.String(),
    status: DealerStatusSchema,
    name: Type.String(),
    city: Type.String(),
    province: Type.String(),
    localized: Type.Object({ name: LocalizedOut, address: Nullable(LocalizedOut), city: LocalizedOut, province: LocalizedOut }, Closed),
    cityCode: Nullable(Type.String()),
    location: Type.Object({ lat: Type.Number(), lng: Type.Number() }, Closed),
    phone: Type.String(),
    services: Type.Array(ServiceSchema),
    openingHours: Nullable(WeeklyHoursSchema),
    createdAt: Type.String(),
  },
  Closed,
);
export const AdminDealerPage = Type.Object(
  {
    dealers: Type.Array(AdminDealerSchema),
    nextAfter: Nullable(Type.String({ description: 'Pass it as `after` for the next page; null on the last.' })),
  },
  Closed,
);

export const StaffStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
export const StaffSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'Where the second factor goes, masked.' })),
    locale: Type.String(),
    status: StaffStatusSchema,
    createdAt: Type.String(),
  },
  Closed,
);
export const StaffListSchema = Type.Object({ staff: Type.Array(StaffSchema) }, Closed);
export const NewStaffBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, description: 'Their sign-in.' }),
    phone: Type.String({ minLength: 11, maxLength: 20, description: 'A mainland China mobile: the second factor comes to it by SMS.' }),
    displayName: NameSchema(60),
    locale: LocaleSchema,
  },
  Closed,
);
export const NewStaffAnswer = Type.Object(
  {
    staff: StaffSchema,
    initialPassword: Type.String({ description: 'Shown this once: the staff member signs in with it and their SMS code, then changes it.' }),
  },
  Closed,
);
export const StaffChangesBody = Type.Object({ status: StaffStatusSchema }, Closed);
