import { dateTimeFormat } from '../../i18n/intl-formats.js';
/*
 * The campaign's countdown runs on the server's clock, not the phone's: a phone a minute fast
 * would otherwise tap before the start and be refused. Pure (times are passed in), so it is
 * tested without a browser.
 */

/** One answer's reading of the server clock: sent and received in client time, serverTime as the server wrote it. */
export interface ClockSample {
  serverTime: string;
  sentAt: number;
  receivedAt: number;
}

export interface ClockOffset {
  /** Server time minus client time, in milliseconds. */
  offsetMs: number;
  /** The round trip it was read over: the shorter, the closer the estimate. */
  roundTripMs: number;
}

/**
 * The server wrote its time somewhere during the round trip; half-way is the best guess, so at
 * receipt the server's clock read serverTime + rtt/2.
 */
export function clockOffset(sample: ClockSample): ClockOffset | null {
  const server = Date.parse(sample.serverTime);
  if (Number.isNaN(server) || sample.receivedAt < sample.sentAt) return null;
  const roundTripMs = sample.receivedAt - sample.sentAt;
  return { offsetMs: server + roundTripMs / 2 - sample.receivedAt, roundTripMs };
}

/** Keeps the estimate read over the shorter round trip: a slow answer says less about the clock. */
export function betterOffset(current: ClockOffset | null, candidate: ClockOffset | null): ClockOffset | null {
  if (!candidate) return current;
  if (!current) return candidate;
  return candidate.roundTripMs <= current.roundTripMs ? candidate : current;
}

/** The server's time now, from the client's clock and the offset. */
export function serverNow(clientNow: number, offset: ClockOffset | null): number {
  return clientNow + (offset?.offsetMs ?? 0);
}

/** Milliseconds from the server's now until an instant, never below zero. */
export function msUntil(instant: string, now: number): number {
  return Math.max(0, Date.parse(instant) - now);
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/**
 * Whole seconds left, rounded up: the countdown shows 00:00:01 until the very instant it reaches
 * zero, so zero on screen means the sale is open.
 */
export function countdownParts(ms: number): CountdownParts {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

/** "02:03:04", hours included even at zero; days are said apart, in words. */
export function formatClock(parts: CountdownParts): string {
  return [parts.hours, parts.minutes, parts.seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

export type CampaignState = 'upcoming' | 'live' | 'sold_out' | 'ended';

/**
 * The state now, by the server's clock: the last answer's state moves on by itself at the start
 * and end times, so the button opens at zero without waiting for the next answer. Sold out and
 * ended only ever come from the server.
 */
export function stateAt(
  campaign: { state: CampaignState; startsAt: string; endsAt: string; endedAt: string | null; remaining: number },
  now: number,
): CampaignState {
  if (campaign.state === 'sold_out' || campaign.state === 'ended') return campaign.state;
  if (campaign.endedAt !== null) return 'ended';
  if (now >= Date.parse(campaign.endsAt)) return 'ended';
  if (now >= Date.parse(campaign.startsAt)) return campaign.remaining > 0 ? 'live' : 'sold_out';
  return 'upcoming';
}

/** The sale to show on the store's home: one on now first, else the next to open. */
export function featuredCampaign<C extends { state: CampaignState }>(campaigns: readonly C[]): C | null {
  return campaigns.find((c) => c.state === 'live') ?? campaigns.find((c) => c.state === 'upcoming') ?? null;
}

/** Sales open and close on Shanghai's clock, as orders are timed. */
export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';

/** Shanghai keeps UTC+8 all year (no summer time since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** "2018-04-13T10:00" (a datetime-local field, read as Shanghai time) → "2018-04-13T02:00:00.000Z"; null when it is not one. */
export function shanghaiInputToInstant(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(utc);
  // 2018-02-30 would roll into March: refused rather than moved.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  return new Date(utc - SHANGHAI_OFFSET_MS).toISOString();
}

/** The other way: an instant as a Shanghai datetime-local value. */
export function instantToShanghaiInput(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** "169,800" or "169800.50" yuan → fen; null for anything that is not an amount. */
export function yuanToFen(value: string): number | null {
  const plain = value.replace(/[,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, cents = ''] = plain.split('.') as [string, string?];
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

/** "13 Apr 2018, 10:00" in Shanghai time, whoever reads it and wherever. */
export function formatShanghaiTime(iso: string, locale: string): string {
  return dateTimeFormat(locale, { timeZone: SHANGHAI_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
