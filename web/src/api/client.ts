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
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? `The API answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code;
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

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
