import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The one way the web app talks to the API: paths, parameters and answers are typed from its OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });

/** An RFC 9457 problem document, as every API error is. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /** Which fields failed validation (REQUEST_VALIDATION_FAILED), as `body.password`. */
  errors?: { path: string; message: string }[];
  /** Rate limits and lockouts say when to try again. */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: Partial<Problem>;

  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? `The API answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code;
    this.problem = problem ?? {};
  }
}

type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/** The body of a successful answer; an error answer becomes an ApiError carrying its problem. */
export async function dataOf<T>(pending: Promise<ApiResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (error !== undefined || data === undefined) {
    throw new ApiError(response.status, error as Partial<Problem> | undefined);
  }
  return data;
}

/** For answers without a body (204): the error of a failed call, if any. */
export async function doneOf(pending: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await pending;
  if (!response.ok) throw new ApiError(response.status, error as Partial<Problem> | undefined);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
