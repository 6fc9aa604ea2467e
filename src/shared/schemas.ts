import { Type } from 'typebox';

// Schemas shared by every module's routes.

/** Highest amount any request may carry: ¥100 million in fen, far above any car, far below 2^53. */
export const MAX_FEN = 100_000_000_00;

/**
 * An amount of minor units in a request. The maximum is what stops "1e309": JSON.parse and
 * query coercion both read it as Infinity, which JSON Schema's integer and number accept.
 */
export const FenSchema = Type.Integer({ minimum: 0, maximum: MAX_FEN, description: 'Minor units (fen).' });

/** At least one character that shows: not only spaces (U+3000 included) or zero-width ones. */
export const VISIBLE_PATTERN = '[^\\s\\u200B-\\u200D\\u2060]';

/** A name or label a person typed: a display name, a token's name, a model's name in one language. */
export function NameSchema(maxLength: number, options: { description?: string } = {}) {
  return Type.String({ minLength: 1, maxLength, pattern: VISIBLE_PATTERN, ...options });
}

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ description: 'Minor units (fen for CNY).' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' }),
  },
  { additionalProperties: false },
);

export const LocaleSchema = Type.Union([Type.Literal('zh-CN'), Type.Literal('fr'), Type.Literal('en')], {
  description: 'Display language; defaults to Accept-Language, then zh-CN.',
});

export const SlugSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'URL-safe identifier.' });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code.' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details.' },
);

/** Problem responses every route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}
