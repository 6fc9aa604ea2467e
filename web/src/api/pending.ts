import { ApiError, type Problem } from './client';

/*
 * Endpoints and fields of the marketplace ("a marketplace, not one shop") that the server adds
 * while this file is written, so they are not yet in schema.d.ts. Once `npm run openapi:types`
 * has picked them up, these types give way to the generated ones and getJson to `api.GET`.
 */

/** How a store looks: its mark, its two colours (#rrggbb), and its hero, in the asked language. */
export interface StoreLooks {
  branding: { mark: string; primaryColor: string; accentColor: string };
  hero: { title: string; subtitle: string };
}

/** GET /api/v1/site: which store `/` opens in a single-brand deployment (DEFAULT_STORE). */
export interface SiteAnswer {
  defaultStore: string | null;
}

/** GET on the API outside the generated types; an error answer becomes an ApiError, as with dataOf. */
export async function getJson<T>(path: string, query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const search = params.toString();
  const response = await fetch(search ? `${path}?${search}` : path, { headers: { accept: 'application/json' }, signal });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body as Partial<Problem> | undefined);
  return body as T;
}
