import { Type } from 'typebox';

// Schemas shared by every module's routes.

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
