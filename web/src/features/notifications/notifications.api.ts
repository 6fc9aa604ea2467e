import { api, dataOf } from '../../api/client';
import { dateTimeFormat } from '../../i18n/intl-formats';

type DealerPlace = { store: string; dealer: string };

export async function fetchDeadJobs(place: DealerPlace, signal: AbortSignal) {
  const path = { store: place.store, dealer: place.dealer };
  return (await dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}/jobs', { params: { path, query: { status: 'dead', limit: 200 } }, signal }))).jobs;
}

export type DeadJob = Awaited<ReturnType<typeof fetchDeadJobs>>[number];

export function retryDeadJob(place: DealerPlace, id: string) {
  return dataOf(api.POST('/api/v1/dealer/stores/{store}/dealers/{dealer}/jobs/{id}/retry', { params: { path: { ...place, id } } }));
}

/** A job's time as the dealer reads it: Beijing time, in the page's language. */
export function formatShanghaiTime(iso: string, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}
