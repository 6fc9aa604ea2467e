import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { domainErrorForDatabase } from '../db/errors.js';
import { DomainError, type ErrorKind } from './errors.js';
import { VISIBLE_PATTERN } from './schemas.js';

/** The one mapping from domain error kinds to HTTP statuses. */
const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_early: 425,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  425: 'Too Early',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Extensions come first so that no detail of an error can stand in for its type, status or code. */
export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return {
    ...extensions,
    type: `https://vitrine.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLE_BY_STATUS[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** Fastify's own client errors, by their FST_ code, with a stable code of ours. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'REQUEST_BAD_URL',
  FST_ERR_ASYNC_CONSTRAINT: 'REQUEST_BAD_URL',
};

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** "/options/2" in the body becomes "body.options[2]"; a missing or unknown property is named too. */
function issuePath(context: string, issue: ValidationIssue): string {
  let path = context;
  for (const segment of issue.instancePath.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  const property = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof property === 'string') path += `.${property}`;
  return path;
}

/** An answer names this many problems at most: enough to fix a request, never larger than it. */
const MAX_LISTED_ISSUES = 50;

function issueMessage(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'pattern' && issue.params.pattern === VISIBLE_PATTERN) return 'must not be blank';
  return issue.message ?? 'is invalid';
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((raised: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // A database refusal the caller caused (a duplicate, text it cannot store, a lost race) is theirs to hear of.
    const error = (domainErrorForDatabase(raised) ?? raised) as FastifyError;
    if (error instanceof DomainError) {
      const status = STATUS_BY_KIND[error.kind];
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return sendProblem(reply, problem(status, error.code, error.message, { instance: request.url, ...error.details }));
    }
    if (error.validation) {
      const context = error.validationContext ?? 'request';
      const issues = error.validation as ValidationIssue[];
      const errors = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({
        path: issuePath(context, issue),
        message: issueMessage(issue),
      }));
      const more = issues.length - errors.length;
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
      return sendProblem(reply, problem(400, 'REQUEST_VALIDATION_FAILED', detail, { instance: request.url, errors }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CLIENT_ERRORS[error.code]) ?? 'REQUEST_INVALID';
      return sendProblem(reply, problem(status, code, error.message, { instance: request.url }));
    }
    // A 5xx says only that it failed and which request to look up in the logs.
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(500, 'INTERNAL_ERROR', `The server failed to answer. Quote request id ${request.id} when reporting it.`, {
        instance: request.url,
      }),
    );
  });
}

export function notFoundProblem(request: FastifyRequest): Problem {
  return problem(404, 'ROUTE_NOT_FOUND', `No route answers ${request.method} ${request.url.split('?')[0]}.`, {
    instance: request.url,
  });
}
