/*
 * The slot grid, as plain functions of the clock: no database. Dealers keep Asia/Shanghai time,
 * which has had no daylight saving since 1991, so a local time is UTC+8 all year round.
 */

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** { mon: ["08:30", "18:00"], ..., sun: null }: local times, null for a closed day. */
export type StoredHours = Record<string, [string, string] | null>;

export interface SlotPolicy {
  leadMinutes: number;
  horizonDays: number;
  slotMinutes: number;
}

export interface Slot {
  /** UTC instant. */
  start: Date;
  /** The local (Asia/Shanghai) date and time it starts. */
  date: string;
  time: string;
}

/** The local date of an instant, YYYY-MM-DD. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The local time of an instant, HH:MM. */
export function localTime(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a local date and time. */
export function instantAt(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one local date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A real calendar date, YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The slots of one local day within opening hours, before lead time and horizon are applied. */
export function daySlots(hours: StoredHours, date: string, slotMinutes: number): Slot[] {
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  const day = hours[weekday];
  if (!day) return [];
  const slots: Slot[] = [];
  for (let m = minutesOf(day[0]); m + slotMinutes <= minutesOf(day[1]); m += slotMinutes) {
    const time = timeOf(m);
    slots.push({ start: instantAt(date, time), date, time });
  }
  return slots;
}

/** Whether a slot may be booked now: at least the lead time ahead, at most the horizon. */
export function slotWindow(now: Date, policy: SlotPolicy): { earliest: Date; latest: Date } {
  return {
    earliest: new Date(now.getTime() + policy.leadMinutes * 60_000),
    latest: new Date(now.getTime() + policy.horizonDays * DAY_MS),
  };
}

/** The bookable slots of the local dates from..to (inclusive). */
export function bookableSlots(hours: StoredHours, from: string, to: string, now: Date, policy: SlotPolicy): Slot[] {
  const { earliest, latest } = slotWindow(now, policy);
  const slots: Slot[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    for (const slot of daySlots(hours, date, policy.slotMinutes)) {
      if (slot.start >= earliest && slot.start <= latest) slots.push(slot);
    }
  }
  return slots;
}

export type SlotProblem = 'closed' | 'off_grid' | 'too_soon' | 'too_far';

/** Why an instant is not a bookable slot, or null when it is one. */
export function checkSlot(hours: StoredHours, start: Date, now: Date, policy: SlotPolicy): SlotProblem | null {
  const date = localDate(start);
  const time = localTime(start);
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  const day = hours[weekday];
  const minutes = minutesOf(time);
  if (!day || minutes < minutesOf(day[0]) || minutes + policy.slotMinutes > minutesOf(day[1])) return 'closed';
  if (start.getTime() % 60_000 !== 0 || (minutes - minutesOf(day[0])) % policy.slotMinutes !== 0) return 'off_grid';
  const { earliest, latest } = slotWindow(now, policy);
  if (start < earliest) return 'too_soon';
  if (start > latest) return 'too_far';
  return null;
}
