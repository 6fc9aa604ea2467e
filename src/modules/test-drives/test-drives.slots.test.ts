import { describe, expect, it } from 'vitest';
import { bookableSlots, checkSlot, daySlots, localDate } from './test-drives.slots.js';

const policy = { leadMinutes: 120, horizonDays: 14, slotMinutes: 30 };
const week = {
  mon: ['08:30', '18:00'],
  tue: ['06:00', '07:30'],
  wed: ['08:30', '18:00'],
  thu: ['08:30', '18:00'],
  fri: ['08:30', '18:00'],
  sat: ['09:00', '12:00'],
  sun: null,
} as Record<string, [string, string] | null>;
// Monday 2 March 2026, 10:00 in Shanghai.
const now = new Date('2026-03-02T02:00:00Z');

describe('test-drive slots', () => {
  it('cuts a day into 30-minute slots that end by closing time', () => {
    const saturday = daySlots(week, '2026-03-07', 30);
    expect(saturday.map((slot) => slot.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    // 09:00 in Shanghai is 01:00 UTC.
    expect(saturday[0]!.start.toISOString()).toBe('2026-03-07T01:00:00.000Z');
  });

  it('has no slot on a closed day', () => {
    expect(daySlots(week, '2026-03-08', 30)).toEqual([]);
    expect(bookableSlots(week, '2026-03-08', '2026-03-08', now, policy)).toEqual([]);
  });

  it('starts two hours from now and ends fourteen days from now', () => {
    const today = bookableSlots(week, '2026-03-02', '2026-03-02', now, policy);
    expect(today[0]!.time).toBe('12:00');
    expect(today.at(-1)!.time).toBe('17:30');
    expect(today).toHaveLength(12);
    // Monday 16 March: up to 10:00, fourteen days to the minute.
    const last = bookableSlots(week, '2026-03-16', '2026-03-16', now, policy);
    expect(last.map((slot) => slot.time)).toEqual(['08:30', '09:00', '09:30', '10:00']);
    expect(bookableSlots(week, '2026-03-17', '2026-03-17', now, policy)).toEqual([]);
  });

  it('counts days in Shanghai, not in UTC', () => {
    // Tuesday 06:00 in Shanghai is still Monday 22:00 in UTC.
    const tuesday = bookableSlots(week, '2026-03-03', '2026-03-03', now, policy);
    expect(tuesday.map((slot) => [slot.start.toISOString(), slot.date, slot.time])).toEqual([
      ['2026-03-02T22:00:00.000Z', '2026-03-03', '06:00'],
      ['2026-03-02T22:30:00.000Z', '2026-03-03', '06:30'],
      ['2026-03-02T23:00:00.000Z', '2026-03-03', '07:00'],
    ]);
    expect(localDate(new Date('2026-03-02T16:00:00Z'))).toBe('2026-03-03');
    expect(localDate(new Date('2026-03-02T15:59:59Z'))).toBe('2026-03-02');
  });

  it('says why an instant is not a slot', () => {
    expect(checkSlot(week, new Date('2026-03-03T02:00:00Z'), now, policy)).toBe('closed'); // Tue 10:00, closed by 07:30
    expect(checkSlot(week, new Date('2026-03-08T02:00:00Z'), now, policy)).toBe('closed'); // Sunday
    expect(checkSlot(week, new Date('2026-03-04T01:45:00Z'), now, policy)).toBe('off_grid'); // Wed 09:45
    expect(checkSlot(week, new Date('2026-03-04T02:00:30Z'), now, policy)).toBe('off_grid');
    expect(checkSlot(week, new Date('2026-03-04T09:30:00Z'), now, policy)).toBeNull(); // Wed 17:30, the last slot
    expect(checkSlot(week, new Date('2026-03-04T10:00:00Z'), now, policy)).toBe('closed'); // Wed 18:00, closing time
    expect(checkSlot(week, new Date('2026-03-02T03:30:00Z'), now, policy)).toBe('too_soon'); // Mon 11:30
    expect(checkSlot(week, new Date('2026-03-02T04:00:00Z'), now, policy)).toBeNull(); // Mon 12:00
    expect(checkSlot(week, new Date('2026-03-16T02:00:00Z'), now, policy)).toBeNull(); // Mon 16th 10:00
    expect(checkSlot(week, new Date('2026-03-16T02:30:00Z'), now, policy)).toBe('too_far');
  });
});
