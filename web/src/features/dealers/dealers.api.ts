import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import { dateTimeFormat } from '../../i18n/intl-formats';

export type DealerCard = paths['/api/v1/stores/{store}/dealers/{dealer}']['get']['responses'][200]['content']['application/json'];
export type City = paths['/api/v1/stores/{store}/cities']['get']['responses'][200]['content']['application/json']['cities'][number];
export type PlateFees = paths['/api/v1/stores/{store}/plate-fees']['get']['responses'][200]['content']['application/json'];
export type DealerService = 'sales' | 'test_drive' | 'delivery' | 'service';
export const DEALER_SERVICES: readonly DealerService[] = ['sales', 'test_drive', 'delivery', 'service'];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Point {
  lat: number;
  lng: number;
}

export function fetchCities(store: string, locale: Locale, signal: AbortSignal): Promise<City[]> {
  return dataOf(api.GET('/api/v1/stores/{store}/cities', { params: { path: { store }, query: { locale } }, signal })).then((answer) => answer.cities);
}

export function fetchPlateFees(store: string, locale: Locale, signal: AbortSignal): Promise<PlateFees> {
  return dataOf(api.GET('/api/v1/stores/{store}/plate-fees', { params: { path: { store }, query: { locale } }, signal }));
}

export function fetchDealers(
  store: string,
  query: { near?: Point | undefined; city?: string | undefined; service?: DealerService | undefined; limit?: number },
  locale: Locale,
  signal: AbortSignal,
): Promise<DealerCard[]> {
  const { near, city, service, limit } = query;
  return dataOf(
    api.GET('/api/v1/stores/{store}/dealers', {
      params: {
        path: { store },
        query: {
          locale,
          ...(near ? { near: `${near.lat.toFixed(5)},${near.lng.toFixed(5)}` } : {}),
          ...(city ? { city } : {}),
          ...(service ? { service } : {}),
          ...(limit ? { limit } : {}),
        },
      },
      signal,
    }),
  ).then((answer) => answer.dealers);
}

export function fetchDealer(store: string, code: string, locale: Locale, signal: AbortSignal): Promise<DealerCard> {
  return dataOf(api.GET('/api/v1/stores/{store}/dealers/{dealer}', { params: { path: { store, dealer: code }, query: { locale } }, signal }));
}

export const dealerPaths = {
  finder: (store: string) => `/${store}/dealers`,
  dealer: (store: string, code: string) => `/${store}/dealers/${encodeURIComponent(code)}`,
  testDrive: (store: string, code: string) => `/${store}/test-drive?dealer=${encodeURIComponent(code)}`,
  stock: (store: string, near: Point) => `/${store}/stock?near=${near.lat.toFixed(4)},${near.lng.toFixed(4)}`,
};

/** Great-circle distance in km (haversine), for a dealer page reached with the buyer's position known. */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Day = NonNullable<DealerCard['openingHours']>['days'][number];

/** Today's weekday and time in Asia/Shanghai, where every dealer's hours are given. */
export function shanghaiNow(now: Date = new Date()): { day: string; time: string } {
  const parts = dateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('weekday').slice(0, 3).toLowerCase(), time: `${part('hour')}:${part('minute')}` };
}

/** Whether a dealer is open now, and its hours today; null when it gives no hours. */
export function openingToday(dealer: DealerCard, now: Date = new Date()): { open: boolean; today: Day } | null {
  const { day, time } = shanghaiNow(now);
  const today = dealer.openingHours?.days.find((d) => d.day === day);
  if (!today) return null;
  return { open: today.open !== null && today.close !== null && today.open <= time && time < today.close, today };
}
