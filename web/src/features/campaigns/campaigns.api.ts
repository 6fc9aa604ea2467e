import { ApiError, type Problem } from '../../api/client';
import { idempotent } from '../../api/idempotent';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from '../accounts/session-middleware';
import type { BuyerOrder } from '../orders/orders.api';
import type { ClockSample } from './server-clock';

/*
 * The campaign routes, typed from the generated schema. Plain fetch rather than the api client,
 * so the answer's time of arrival and its Retry-After are at hand.
 */

type CampaignPaths = paths['/api/v1/stores/{store}/campaigns/{campaign}'];
export type CampaignView = CampaignPaths['get']['responses'][200]['content']['application/json'];
/** One of the sale's editions, which share its units, price and deposit. */
export type CampaignEdition = CampaignView['editions'][number];
export type ClaimBody = paths['/api/v1/stores/{store}/campaigns/{campaign}/claims']['post']['requestBody']['content']['application/json'];

/** An answer with the client times it was asked and received at, to read the server clock from. */
export interface Timed<T> {
  data: T;
  clock: Omit<ClockSample, 'serverTime'>;
}

export const campaignPaths = {
  landing: (store: string, slug: string) => `/${store}/campaigns/${encodeURIComponent(slug)}`,
};

async function call<T>(url: string, init: RequestInit = {}): Promise<Timed<T>> {
  const sentAt = Date.now();
  const response = await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  const receivedAt = Date.now();
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<Problem>;
    const header = Number(response.headers.get('retry-after'));
    if (problem.retryAfterSeconds === undefined && Number.isFinite(header) && header > 0) problem.retryAfterSeconds = header;
    throw new ApiError(response.status, problem);
  }
  return { data: body as T, clock: { sentAt, receivedAt } };
}

const base = (store: string) => `/api/v1/stores/${encodeURIComponent(store)}/campaigns`;

export function fetchCampaigns(store: string, locale: Locale, signal?: AbortSignal): Promise<Timed<{ campaigns: CampaignView[] }>> {
  return call(`${base(store)}?${new URLSearchParams({ locale }).toString()}`, { ...(signal ? { signal } : {}) });
}

/**
 * The campaign. The API tags its answers without serverTime, so a revalidated answer (304) is
 * the cached body with an old serverTime: only an answer asked with `readClock` (never from the
 * cache) may set the clock. The others are the cheap ones a crowd polls with.
 */
export function fetchCampaign(store: string, slug: string, locale: Locale, options: { signal?: AbortSignal; readClock: boolean }): Promise<Timed<CampaignView>> {
  return call(`${base(store)}/${encodeURIComponent(slug)}?${new URLSearchParams({ locale }).toString()}`, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.readClock ? { cache: 'no-store' as const } : {}),
  });
}

/** One claim intent under its Idempotency-Key: a retry with the same key gets the first answer, never a second unit. */
export async function claimCampaign(store: string, slug: string, body: ClaimBody, locale: Locale, key: string): Promise<BuyerOrder> {
  const csrf = readCookie(CSRF_COOKIE);
  return idempotent(key, async (header) => {
    const answer = await call<BuyerOrder>(`${base(store)}/${encodeURIComponent(slug)}/claims?${new URLSearchParams({ locale }).toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...header, ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
      body: JSON.stringify(body),
    });
    return answer.data;
  });
}

/** How a claim ended for a buyer who did not get a unit. */
export type ClaimRefusal =
  | { kind: 'notStarted'; startsAt: string | null }
  | { kind: 'soldOut' }
  | { kind: 'ended' }
  | { kind: 'limit' }
  | { kind: 'tooManyTries'; seconds: number }
  | { kind: 'signIn' }
  | { kind: 'buyersOnly' }
  | { kind: 'dealer' }
  | { kind: 'edition' }
  | { kind: 'network' }
  | { kind: 'other' };

export function claimRefusal(error: unknown): ClaimRefusal {
  if (!(error instanceof ApiError)) return { kind: 'network' };
  if (error.status === 429) return { kind: 'tooManyTries', seconds: Math.max(1, Math.ceil(error.problem.retryAfterSeconds ?? 5)) };
  switch (error.code) {
    case 'CAMPAIGN_NOT_STARTED': {
      const startsAt = (error.problem as { startsAt?: unknown }).startsAt;
      return { kind: 'notStarted', startsAt: typeof startsAt === 'string' ? startsAt : null };
    }
    case 'CAMPAIGN_SOLD_OUT':
      return { kind: 'soldOut' };
    case 'CAMPAIGN_ENDED':
      return { kind: 'ended' };
    case 'CAMPAIGN_LIMIT_REACHED':
      return { kind: 'limit' };
    case 'AUTH_REQUIRED':
      return { kind: 'signIn' };
    case 'ACCESS_FORBIDDEN':
      return { kind: 'buyersOnly' };
    case 'ORDER_DEALER_NO_SALES':
    case 'ORDER_DEALER_NOT_FOUND':
      return { kind: 'dealer' };
    case 'CAMPAIGN_EDITION_REQUIRED':
    case 'CAMPAIGN_EDITION_UNKNOWN':
      return { kind: 'edition' };
    default:
      return error.status === 425 ? { kind: 'notStarted', startsAt: null } : { kind: 'other' };
  }
}

export const REFUSAL_MESSAGE: Record<Exclude<ClaimRefusal['kind'], 'tooManyTries'>, MessageKey> = {
  notStarted: 'campaigns.result.notStarted',
  soldOut: 'campaigns.result.soldOut',
  ended: 'campaigns.result.ended',
  limit: 'campaigns.result.limit',
  signIn: 'campaigns.result.signIn',
  buyersOnly: 'campaigns.result.buyersOnly',
  dealer: 'campaigns.result.dealer',
  edition: 'campaigns.result.edition',
  network: 'campaigns.result.network',
  other: 'campaigns.result.other',
};

// ---- The brand's console. ----

type AdminPaths = paths['/api/v1/admin/stores/{store}/campaigns'];
export type AdminCampaign = AdminPaths['post']['responses'][201]['content']['application/json'];
type NewCampaign = AdminPaths['post']['requestBody']['content']['application/json'];
export type LocalizedText = NewCampaign['name'];

/** What the brand sets, its editions as a list; after the start only ending it early is possible. Money in fen, instants in ISO. */
export type CampaignFields = Required<Omit<NewCampaign, 'slug' | 'trim' | 'options'>>;
export type EditionFields = CampaignFields['editions'][number];
export type CampaignChanges = paths['/api/v1/admin/stores/{store}/campaigns/{campaign}']['patch']['requestBody']['content']['application/json'];

const adminBase = (store: string) => `/api/v1/admin/stores/${encodeURIComponent(store)}/campaigns`;

function write<T>(url: string, method: 'POST' | 'PATCH', body: unknown): Promise<T> {
  const csrf = readCookie(CSRF_COOKIE);
  return call<T>(url, {
    method,
    headers: { 'content-type': 'application/json', ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
    body: JSON.stringify(body),
  }).then(({ data }) => data);
}

export function fetchAdminCampaigns(store: string, locale: Locale, signal: AbortSignal): Promise<AdminCampaign[]> {
  return call<{ campaigns: AdminCampaign[] }>(`${adminBase(store)}?${new URLSearchParams({ locale }).toString()}`, { signal, cache: 'no-store' }).then(
    ({ data }) => data.campaigns,
  );
}

export function createCampaign(store: string, fields: NewCampaign, locale: Locale): Promise<AdminCampaign> {
  return write(`${adminBase(store)}?${new URLSearchParams({ locale }).toString()}`, 'POST', fields);
}

export function updateCampaign(store: string, slug: string, changes: CampaignChanges, locale: Locale): Promise<AdminCampaign> {
  return write(`${adminBase(store)}/${encodeURIComponent(slug)}?${new URLSearchParams({ locale }).toString()}`, 'PATCH', changes);
}

export function endCampaign(store: string, slug: string, locale: Locale): Promise<AdminCampaign> {
  return write(`${adminBase(store)}/${encodeURIComponent(slug)}/end?${new URLSearchParams({ locale }).toString()}`, 'POST', {});
}

/** What to tell the brand when a campaign is refused. */
export function adminCampaignError(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'campaigns.admin.error.network';
  switch (error.code) {
    case 'CAMPAIGN_STARTED':
      return 'campaigns.admin.error.started';
    case 'CAMPAIGN_ALREADY_ENDED':
      return 'campaigns.admin.error.alreadyEnded';
    case 'CAMPAIGN_SLUG_TAKEN':
      return 'campaigns.admin.error.slugTaken';
    case 'CAMPAIGN_DEPOSIT_TOO_HIGH':
      return 'campaigns.admin.error.depositTooHigh';
    case 'CAMPAIGN_PRICE_ABOVE_LIST':
      return 'campaigns.admin.error.priceAboveList';
    case 'CAMPAIGN_SCHEDULE_INVALID':
      return 'campaigns.admin.error.schedule';
    case 'CAMPAIGN_EDITION_INVALID':
    case 'CAMPAIGN_EDITIONS_FORM':
    case 'CAMPAIGN_MODEL_UNKNOWN':
      return 'campaigns.admin.error.edition';
    case 'CAMPAIGN_EDITION_DUPLICATE':
      return 'campaigns.admin.error.editionDuplicate';
    case 'REQUEST_VALIDATION_FAILED':
      return 'campaigns.admin.error.validation';
    default:
      return 'campaigns.admin.error.generic';
  }
}
