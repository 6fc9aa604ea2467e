import { describe, expect, it } from 'vitest';
import {
  betterOffset,
  clockOffset,
  countdownParts,
  featuredCampaign,
  formatClock,
  formatShanghaiTime,
  instantToShanghaiInput,
  msUntil,
  serverNow,
  shanghaiInputToInstant,
  stateAt,
  yuanToFen,
} from '../../web/src/features/campaigns/server-clock.js';

// 2018-04-13T02:00:00Z is 10:00 in Shanghai, the sale's start.
const START = '2018-04-13T02:00:00.000Z';
const START_MS = Date.parse(START);

describe('the server clock', () => {
  it('is the server time plus half the round trip, against the client time at receipt', () => {
    // Asked at client 1000, answered at 1400: the server wrote its time about 200 ms before receipt.
    expect(clockOffset({ serverTime: START, sentAt: 1000, receivedAt: 1400 })).toEqual({ offsetMs: START_MS + 200 - 1400, roundTripMs: 400 });
    // A phone 90 s fast, on an instant round trip: the server is 90 s behind it.
    expect(clockOffset({ serverTime: START, sentAt: START_MS + 90_000, receivedAt: START_MS + 90_000 })).toEqual({ offsetMs: -90_000, roundTripMs: 0 });
  });

  it('reads nothing from an answer without a time, or received before it was sent', () => {
    expect(clockOffset({ serverTime: 'not a time', sentAt: 0, receivedAt: 10 })).toBeNull();
    expect(clockOffset({ serverTime: START, sentAt: 10, receivedAt: 5 })).toBeNull();
  });

  it('keeps the estimate read over the shortest round trip', () => {
    const slow = { offsetMs: 500, roundTripMs: 900 };
    const fast = { offsetMs: 120, roundTripMs: 40 };
    expect(betterOffset(null, slow)).toBe(slow);
    expect(betterOffset(slow, fast)).toBe(fast);
    expect(betterOffset(fast, slow)).toBe(fast);
    expect(betterOffset(fast, null)).toBe(fast);
  });

  it("moves the client's now by the offset, or not at all before any answer", () => {
    expect(serverNow(10_000, { offsetMs: -2_500, roundTripMs: 10 })).toBe(7_500);
    expect(serverNow(10_000, null)).toBe(10_000);
  });
});

describe('the countdown', () => {
  it('counts whole seconds up, so it shows zero only once the instant has come', () => {
    expect(msUntil(START, START_MS - 1)).toBe(1);
    expect(countdownParts(1)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(countdownParts(1000)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(countdownParts(1001)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 2 });
    expect(countdownParts(0)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
    expect(msUntil(START, START_MS + 5_000)).toBe(0);
  });

  it('splits days, hours, minutes and seconds, and shows the clock part padded', () => {
    // 2 days, 3 h, 4 min, 5 s.
    const parts = countdownParts(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000);
    expect(parts).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(formatClock(parts)).toBe('03:04:05');
    expect(formatClock(countdownParts(59_000))).toBe('00:00:59');
  });
});

describe("a campaign's state by the server's clock", () => {
  const upcoming = { state: 'upcoming' as const, startsAt: START, endsAt: '2018-04-15T16:00:00.000Z', endedAt: null, remaining: 120 };

  it('opens at the start without a new answer, and ends at the end', () => {
    expect(stateAt(upcoming, START_MS - 1)).toBe('upcoming');
    expect(stateAt(upcoming, START_MS)).toBe('live');
    expect(stateAt({ ...upcoming, state: 'live' }, Date.parse('2018-04-15T16:00:00.000Z'))).toBe('ended');
  });

  it('keeps what only the server knows: sold out, ended early, nothing left', () => {
    expect(stateAt({ ...upcoming, state: 'sold_out', remaining: 0 }, START_MS + 1000)).toBe('sold_out');
    expect(stateAt({ ...upcoming, state: 'ended' }, START_MS - 1000)).toBe('ended');
    expect(stateAt({ ...upcoming, state: 'live', endedAt: '2018-04-13T03:00:00.000Z' }, START_MS + 1000)).toBe('ended');
    expect(stateAt({ ...upcoming, remaining: 0 }, START_MS)).toBe('sold_out');
  });
});

describe("the store home's featured sale", () => {
  const view = (slug: string, state: 'upcoming' | 'live' | 'sold_out' | 'ended') => ({ slug, state });

  it('is one on sale first, else the next to open, else none', () => {
    expect(featuredCampaign([view('a', 'upcoming'), view('b', 'live')])?.slug).toBe('b');
    expect(featuredCampaign([view('a', 'ended'), view('b', 'upcoming')])?.slug).toBe('b');
    expect(featuredCampaign([view('a', 'sold_out'), view('b', 'ended')])).toBeNull();
  });
});

describe("the brand's campaign form", () => {
  it('shows instants in Shanghai time', () => {
    expect(formatShanghaiTime(START, 'en')).toMatch(/^Apr 13, 2018, 10:00\sAM$/);
    expect(formatShanghaiTime('2018-04-14T16:30:00.000Z', 'en')).toMatch(/^Apr 15, 2018, 12:30\sAM$/);
  });

  it('reads start and end times as Shanghai time, whatever the browser', () => {
    expect(shanghaiInputToInstant('2018-04-13T10:00')).toBe('2018-04-13T02:00:00.000Z');
    // Shortly after midnight in Shanghai is the evening before in UTC.
    expect(shanghaiInputToInstant('2018-04-15T00:30')).toBe('2018-04-14T16:30:00.000Z');
    expect(instantToShanghaiInput('2018-04-14T16:30:00.000Z')).toBe('2018-04-15T00:30');
    expect(shanghaiInputToInstant('2018-02-30T10:00')).toBeNull();
    expect(shanghaiInputToInstant('2018-04-13 10:00')).toBeNull();
    expect(shanghaiInputToInstant('')).toBeNull();
  });

  it('turns yuan into fen, and nothing else', () => {
    expect(yuanToFen('169,800')).toBe(16_980_000);
    expect(yuanToFen('5000')).toBe(500_000);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('¥5')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });
});
