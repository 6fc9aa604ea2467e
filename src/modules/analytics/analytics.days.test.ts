import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './analytics.csv.js';
import { daysInYear, isDay, isoWeek, shanghaiDay, shanghaiDayStart } from '../../shared/calendar-days.js';
import { median, ratio } from './dashboards.service.js';

describe('Shanghai days', () => {
  it('puts 15:59:59Z on the day before 16:00:00Z', () => {
    expect(shanghaiDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDay(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(shanghaiDayStart('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(shanghaiDayStart('2026-01-01')).toBe('2025-12-31T16:00:00.000Z');
  });

  it('knows real dates and the length of years', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('26-03-01')).toBe(false);
    expect([daysInYear(2024), daysInYear(2026), daysInYear(2100)]).toEqual([366, 365, 365]);
  });

  it('names ISO weeks, whose year is their Thursday’s', () => {
    expect(isoWeek('2026-03-01')).toBe('2026-W09'); // a Sunday
    expect(isoWeek('2026-03-02')).toBe('2026-W10'); // a Monday
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
  });
});

describe('figures', () => {
  it('keeps a ratio exact beside its rounded percentage', () => {
    expect(ratio(2, 3)).toEqual({ numerator: 2, denominator: 3, percent: 66.67 });
    expect(ratio(1, 8)).toEqual({ numerator: 1, denominator: 8, percent: 12.5 });
    expect(ratio(4, 0)).toEqual({ numerator: 4, denominator: 0, percent: null });
  });

  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([7, 1, 3])).toBe(3);
    expect(median([45, 15])).toBe(30);
    expect(median([1, 2, 4, 100])).toBe(3);
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 and keeps formulas as text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=A1,B1')).toBe('"\'=A1,B1"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
  });
});

describe('shanghaiDay', () => {
  it('turns at 16:00 UTC, midnight in Shanghai', () => {
    expect(shanghaiDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDay(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDay(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('is ahead of the UTC date in the Shanghai morning', () => {
    expect(shanghaiDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiDay(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01');
  });

  it('crosses month ends and leap days', () => {
    expect(shanghaiDay(new Date('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
    expect(shanghaiDay(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
  });

  it('has no daylight saving: the same turn in summer', () => {
    expect(shanghaiDay(new Date('2026-07-15T15:59:59Z'))).toBe('2026-07-15');
    expect(shanghaiDay(new Date('2026-07-15T16:00:00Z'))).toBe('2026-07-16');
  });
});
