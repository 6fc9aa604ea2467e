import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import type { DeferredCompiles } from './deferred-compiles.js';

/*
 * Two validators: query strings and path params arrive as text and must be coerced
 * ("?maxPrice=100" is a number), while JSON bodies are taken as typed: a string where
 * a number belongs is a 400, and so is any field the schema does not name.
 * Each comes in two modes: up to the first problem, and listing every problem.
 */
function makeAjv(coerce: boolean, allErrors: boolean): Ajv {
  const options: Options = {
    allErrors,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  };
  const ajv = new Ajv(options);
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

/** Fastify's `buildValidator`: every instance and plugin of the app validates with the same two Ajv. */
export function schemaValidators(compiles: DeferredCompiles): ValidatorFactory {
  const compiler = schemaValidatorCompiler(compiles);
  return (() => compiler) as unknown as ValidatorFactory;
}

/** Each schema is compiled by Ajv when first needed (see deferred-compiles.ts). */
export function schemaValidatorCompiler(compiles: DeferredCompiles): FastifySchemaCompiler<FastifySchema> {
  const typed = { firstProblem: makeAjv(false, false), everyProblem: makeAjv(false, true) };
  const coercing = { firstProblem: makeAjv(true, false), everyProblem: makeAjv(true, true) };
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? typed : coercing;
    const firstProblem = compiledOnFirstUse(compiles, () => ajv.firstProblem.compile(schema as object));
    let everyProblem: Validator | undefined;
    const listing = () => (everyProblem ??= ajv.everyProblem.compile(schema as object));
    const validate = refusingControlCharacters(everyProblemOfSmallInput(firstProblem, listing));
    if (httpPart === 'body') return validate as ReturnType<FastifySchemaCompiler<FastifySchema>>;
    return decimalNumbersOnly(schema as JsonSchema, validate) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
  };
}

function compiledOnFirstUse(compiles: DeferredCompiles, compile: () => Validator): Validator {
  const compiled = compiles.later(compile);
  const validate: Validator = (data) => {
    const valid = compiled()(data);
    validate.errors = compiled().errors ?? null;
    return valid;
  };
  return validate;
}

/*
 * Listing every problem of a request helps its author, but costs Ajv a few microseconds per
 * problem: a 256 KB body of 120,000 wrong array items took over a second of CPU and answered
 * 11 MB. So a request is checked up to its first problem, and only one of at most
 * EVERY_PROBLEM_MAX_VALUES JSON values is checked again to list them all.
 */
export const EVERY_PROBLEM_MAX_VALUES = 1_000;

function everyProblemOfSmallInput(firstProblem: Validator, everyProblem: () => Validator): Validator {
  const validate: Validator = (data) => {
    if (firstProblem(data)) {
      validate.errors = null;
      return true;
    }
    const listing = hasAtMostValues(data, EVERY_PROBLEM_MAX_VALUES) ? everyProblem() : firstProblem;
    if (listing !== firstProblem) listing(data);
    validate.errors = listing.errors ?? null;
    return false;
  };
  return validate;
}

/** Whether data holds at most max JSON values (objects, arrays and scalars), counted until past max. */
function hasAtMostValues(data: unknown, max: number): boolean {
  const pending: unknown[] = [data];
  let count = 1;
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    const items = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    count += items.length;
    if (count > max) return false;
    for (const item of items) pending.push(item);
  }
  return true;
}

interface JsonSchema {
  properties?: Record<string, { type?: unknown }>;
}

const DECIMAL = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15})?$/;

/*
 * Ajv coerces text to a number the way JavaScript does: " " is 0, "0x10" is 16, "1e309" is
 * Infinity. A query or path number must be written in plain decimal digits, or it is a 400.
 */
function decimalNumbersOnly(schema: JsonSchema, validate: Validator): Validator {
  const numeric = Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.type === 'number' || property.type === 'integer')
    .map(([name]) => name);
  if (numeric.length === 0) return validate;
  const guarded: Validator = (data) => {
    const values = (data ?? {}) as Record<string, unknown>;
    const bad = numeric.find((name) => typeof values[name] === 'string' && !DECIMAL.test(values[name] as string));
    if (bad !== undefined) {
      guarded.errors = [{ instancePath: `/${bad}`, schemaPath: '#', keyword: 'decimal', params: {}, message: 'must be a number in decimal digits' }];
      return false;
    }
    const valid = validate(data);
    guarded.errors = validate.errors ?? null;
    return valid;
  };
  return guarded;
}

/*
 * No text a client sends may carry control characters: PostgreSQL cannot store NUL at all,
 * and the others only hide text from the people who read it. Tab, line feed and carriage
 * return stay allowed. Checked here, after the schema, so every field of every route,
 * present and future, is covered without its author thinking of it.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

function refusingControlCharacters(validate: Validator): Validator {
  const guarded: Validator = (data) => {
    if (!validate(data)) {
      guarded.errors = validate.errors ?? null;
      return false;
    }
    const path = controlCharacterPath(data);
    guarded.errors =
      path === undefined
        ? null
        : [{ instancePath: path, schemaPath: '#', keyword: 'controlCharacter', params: {}, message: 'must not contain control characters' }];
    return path === undefined;
  };
  return guarded;
}

/** The JSON pointer of the first string (value or key) holding a control character, if any. */
export function controlCharacterPath(data: unknown): string | undefined {
  // Iterative: a body is at most 256 KB, but its nesting must not decide the stack's depth.
  const pending: Array<[unknown, string]> = [[data, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push([item, `${path}/${index}`]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const pointer = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (CONTROL_CHARACTER.test(key)) return pointer;
        pending.push([item, pointer]);
      }
    }
  }
  return undefined;
}
