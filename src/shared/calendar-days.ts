/*
 * Calendar days as the stores live them (the dashboards' counts, a temporary plate's validity):
 * Asia/Shanghai dates, YYYY-MM-DD text. China keeps UTC+8 all year (no daylight saving), so a
 * day's bounds are fixed offsets from UTC midnight. Everything here is pure arithmetic on dates,
 * the same whichever database holds the events.
 */

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD form (2026-02-30 is not one). */
export function isDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar day of an instant. */
export function shanghaiDay(instant: Date): string {
  return fromMs(instant.getTime() + SHANGHAI_OFFSET_MS);
}

/** The UTC instant at which a Shanghai day begins: 2026-03-02 begins at 2026-03-01T16:00:00.000Z. */
export function shanghaiDayStart(day: string): string {
  return new Date(dayMs(day) - SHANGHAI_OFFSET_MS).toISOString();
}

export function addDays(day: string, days: number): string {
  return fromMs(dayMs(day) + days * DAY_MS);
}

/** Whole days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

export function daysInYear(year: number): number {
  return daysBetween(`${year}-01-01`, `${year + 1}-01-01`);
}

/** Each day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The ISO 8601 week of a day, e.g. 2026-W09; the week of 2027-01-01 (a Friday) is 2026-W53. */
export function isoWeek(day: string): string {
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The week belongs to the year of its Thursday.
  const thursday = new Date(ms + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The last day of a day's month. */
export function monthEnd(day: string): string {
  const date = new Date(dayMs(day));
  return fromMs(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
}

/**
 * A range of days cut into the whole months it covers (YYYY-MM, both included; null when it
 * covers none) and the days before and after them: 2026-01-20..2026-04-02 is January's last 12
 * days, February and March, then 1–2 April.
 */
export function splitByMonth(range: { from: string; to: string }): { months: { from: string; to: string } | null; days: Array<{ from: string; to: string }> } {
  const firstWhole = range.from.endsWith('-01') ? range.from : addDays(monthEnd(range.from), 1);
  const lastWhole = monthEnd(range.to) === range.to ? range.to : addDays(`${monthOf(range.to)}-01`, -1);
  if (firstWhole > lastWhole) return { months: null, days: [range] };
  const days: Array<{ from: string; to: string }> = [];
  if (range.from < firstWhole) days.push({ from: range.from, to: addDays(firstWhole, -1) });
  if (lastWhole < range.to) days.push({ from: addDays(lastWhole, 1), to: range.to });
  return { months: { from: monthOf(firstWhole), to: monthOf(lastWhole) }, days };
}
