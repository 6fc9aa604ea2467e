import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/*
 * Two validators: query strings and path params arrive as text and must be coerced
 * ("?maxPrice=100" is a number), while JSON bodies are taken as typed: a string where
 * a number belongs is a 400, and so is any field the schema does not name.
 */
function makeAjv(coerce: boolean): Ajv {
  const options: Options = {
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  };
  const ajv = new Ajv(options);
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

export function schemaValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const typed = makeAjv(false);
  const coercing = makeAjv(true);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? typed : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
  };
}
