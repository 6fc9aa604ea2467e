import { Type } from 'typebox';
import { LocaleSchema, NameSchema } from '../../shared/schemas.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';

const RoleSchema = Type.Union([
  Type.Literal('buyer'),
  Type.Literal('dealer_staff'),
  Type.Literal('brand_admin'),
  Type.Literal('platform_admin'),
]);

const IdentifierField = Type.String({
  minLength: 3,
  maxLength: 254,
  description: 'A mainland mobile number (11 digits starting with 1, +86 optional) or an email address.',
});
const PasswordField = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
const CodeField = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code that was sent.' });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }, { additionalProperties: false });

export const AccountSchema = Type.Object(
  {
    id: Type.String(),
    role: RoleSchema,
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.String(),
    locale: LocaleSchema,
    storeId: Type.Union([Type.String(), Type.Null()]),
    dealerId: Type.Union([Type.String(), Type.Null()]),
    storeSlug: Type.Union([Type.String(), Type.Null()], { description: 'The slug of the store a staff member works for: `/admin/{storeSlug}`.' }),
    dealerCode: Type.Union([Type.String(), Type.Null()], { description: 'The code of the dealer a dealer staff member works for.' }),
    hasPassword: Type.Boolean(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const SignedInResponse = Type.Object(
  {
    account: AccountSchema,
    csrfToken: Type.String({ description: `Send it as the x-csrf-token header on every write made with the session cookie.` }),
    created: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SecondFactorRequiredResponse = Type.Object(
  {
    secondFactor: Type.Literal('required'),
    challenge: Type.String({ description: 'Single use, 5 minutes, 5 tries: send it with the code to /auth/login/second-factor.' }),
    methods: Type.Array(Type.Union([Type.Literal('sms'), Type.Literal('totp')])),
    destination: Type.Union([Type.String(), Type.Null()], { description: 'Where the SMS code went, masked.' }),
    expiresInSeconds: Type.Integer(),
  },
  { additionalProperties: false },
);

export const LoginResponse = Type.Union([SignedInResponse, SecondFactorRequiredResponse], {
  description: 'Signed in (buyers), or the second step that staff accounts must complete.',
});

export const SecondFactorBody = Type.Object(
  {
    challenge: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'The SMS code, or the code the authenticator app shows.' }),
  },
  { additionalProperties: false },
);

export const SecondFactorResponse = Type.Object(
  {
    method: Type.Union([Type.Literal('sms'), Type.Literal('totp'), Type.Null()]),
    totpEnabled: Type.Boolean(),
    smsDestination: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const TotpEnrolmentResponse = Type.Object(
  {
    secret: Type.String({ description: 'Base32, for typing into an app by hand.' }),
    uri: Type.String({ description: 'The otpauth:// URI, to show as a QR code.' }),
  },
  { additionalProperties: false },
);

export const TotpConfirmBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

export const RegisterBody = Type.Object(
  {
    identifier: IdentifierField,
    code: CodeField,
    password: PasswordField,
    displayName: Type.Optional(NameSchema(60)),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object({ identifier: IdentifierField, password: PasswordField }, { additionalProperties: false });

export const CodeRequestBody = Type.Object(
  { destination: IdentifierField, locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);

export const CodeSentResponse = Type.Object(
  {
    destination: Type.String({ description: 'Where the code went, masked.' }),
    expiresInSeconds: Type.Integer(),
    resendAfterSeconds: Type.Integer(),
  },
  { additionalProperties: false },
);

export const CodeVerifyBody = Type.Object(
  { destination: IdentifierField, code: CodeField, locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);

export const MeResponse = Type.Object(
  {
    account: AccountSchema,
    csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'null when calling with an API token' }),
  },
  { additionalProperties: false },
);

export const SessionProbeResponse = Type.Object(
  {
    account: Type.Union([AccountSchema, Type.Null()], { description: 'null: nobody is signed in (or the session has ended).' }),
    csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'null when signed out or calling with an API token' }),
  },
  { additionalProperties: false },
);

export const ProfileBody = Type.Object(
  { displayName: Type.Optional(NameSchema(60)), locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordChangeBody = Type.Object(
  { currentPassword: Type.Optional(PasswordField), newPassword: PasswordField },
  { additionalProperties: false },
);

export const PasswordChangedResponse = Type.Object(
  {
    revokedSessions: Type.Integer({ description: 'Other sessions signed out.' }),
    revokedApiTokens: Type.Integer(),
    csrfToken: Type.String({ description: 'This session was replaced: a new cookie and this new CSRF token.' }),
  },
  { additionalProperties: false },
);

export const SessionListResponse = Type.Object(
  {
    sessions: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          current: Type.Boolean(),
          createdAt: Type.String(),
          lastSeenAt: Type.String(),
          expiresAt: Type.String(),
          ip: Type.String(),
          userAgent: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    prefix: Type.String({ description: 'The first characters of the secret, to recognise it.' }),
    createdAt: Type.String(),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    expiresAt: Type.Union([Type.String(), Type.Null()]),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ApiTokenListResponse = Type.Object({ apiTokens: Type.Array(ApiTokenSchema) }, { additionalProperties: false });

export const ApiTokenCreateBody = Type.Object(
  {
    name: NameSchema(80),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Days until it stops working: 90 unless given, a year at most.' })),
  },
  { additionalProperties: false },
);

export const ApiTokenCreatedResponse = Type.Object(
  {
    token: Type.String({ description: 'The secret: shown this once, send it as Authorization: Bearer.' }),
    apiToken: ApiTokenSchema,
  },
  { additionalProperties: false },
);

export { IdParams };
