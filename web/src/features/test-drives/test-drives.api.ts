import { api, ApiError, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { dateTimeFormat } from '../../i18n/intl-formats';

export type SlotsView = paths['/api/v1/stores/{store}/dealers/{dealer}/test-drive-slots']['get']['responses'][200]['content']['application/json'];
export type Slot = SlotsView['slots'][number];
export type MyTestDrive = paths['/api/v1/me/test-drives']['get']['responses'][200]['content']['application/json']['testDrives'][number];
export type DealerTestDrive =
  paths['/api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives']['get']['responses'][200]['content']['application/json']['testDrives'][number];
export type TestDriveStatus = MyTestDrive['status'];

/** Dealers keep Shanghai time (UTC+8, no daylight saving): the days and hours shown are theirs. */
export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today's date in Shanghai, YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Date(Date.now() + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isDate(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** "Tue 3 Mar" in the reader's language, for a Shanghai date. */
export function formatDay(date: string, locale: Locale, options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  return dateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function fetchSlots(store: string, dealer: string, model: string, signal: AbortSignal): Promise<SlotsView> {
  return dataOf(api.GET('/api/v1/stores/{store}/dealers/{dealer}/test-drive-slots', { params: { path: { store, dealer }, query: { model } }, signal }));
}

export function fetchTestDriveDealers(store: string, locale: Locale, signal: AbortSignal) {
  return dataOf(api.GET('/api/v1/stores/{store}/dealers', { params: { path: { store }, query: { service: 'test_drive', locale, limit: 100 } }, signal }));
}

export function fetchMyTestDrives(locale: Locale, signal: AbortSignal) {
  return dataOf(api.GET('/api/v1/me/test-drives', { params: { query: { locale, limit: 100 } }, signal }));
}

export const STATUS_LABEL: Record<TestDriveStatus, MessageKey> = {
  booked: 'testDrives.status.booked',
  confirmed: 'testDrives.status.confirmed',
  completed: 'testDrives.status.completed',
  no_show: 'testDrives.status.no_show',
  cancelled: 'testDrives.status.cancelled',
};

/** What to tell the buyer when a booking or a move is refused. */
export function bookingError(error: unknown): { key: MessageKey; max?: number } {
  if (!(error instanceof ApiError)) return { key: 'testDrives.error.generic' };
  const problem = error.problem as { limit?: string; max?: number };
  switch (error.code) {
    case 'TEST_DRIVE_SLOT_FULL':
      return { key: 'testDrives.error.slotFull' };
    case 'TEST_DRIVE_LIMIT_REACHED': {
      const key: MessageKey =
        problem.limit === 'per_model' ? 'testDrives.error.perModel' : problem.limit === 'upcoming' ? 'testDrives.error.upcoming' : 'testDrives.error.window';
      return { key, max: problem.max ?? 0 };
    }
    case 'TEST_DRIVE_TOO_SOON':
    case 'TEST_DRIVE_TOO_FAR':
    case 'TEST_DRIVE_SLOT_OFF_GRID':
    case 'TEST_DRIVE_DEALER_CLOSED':
      return { key: 'testDrives.error.slotInvalid' };
    case 'ACCESS_FORBIDDEN':
      return { key: 'testDrives.error.buyersOnly' };
    default:
      return { key: 'testDrives.error.generic' };
  }
}
