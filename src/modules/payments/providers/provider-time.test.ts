import { describe, expect, it } from 'vitest';
import { parseOffsetInstant, parseShanghaiWallTime, shanghaiRfc3339, shanghaiWallTime } from './provider-time.js';

describe('provider time', () => {
  it('writes Shanghai wall time, eight hours ahead of UTC', () => {
    expect(shanghaiWallTime(new Date('2026-03-01T20:30:05.900Z'))).toBe('2026-03-02 04:30:05');
    expect(shanghaiRfc3339(new Date('2026-03-02T02:30:00.000Z'))).toBe('2026-03-02T10:30:00+08:00');
  });

  it('reads instants with their offset, and only dates that exist', () => {
    expect(parseShanghaiWallTime('2026-03-02 10:00:00')).toEqual(new Date('2026-03-02T02:00:00.000Z'));
    expect(parseOffsetInstant('2026-03-02T09:58:20+08:00')).toEqual(new Date('2026-03-02T01:58:20.000Z'));
    expect(parseOffsetInstant('2026-03-01T20:58:20-05:00')).toEqual(new Date('2026-03-02T01:58:20.000Z'));
    expect(parseOffsetInstant('2026-03-02T01:58:20.125Z')).toEqual(new Date('2026-03-02T01:58:20.125Z'));
    for (const text of ['2026-02-30T10:00:00+08:00', '2026-03-02T24:00:00Z', '2026-03-02T10:00:00', '2026-03-02 10:00:00Z', 'yesterday', '']) {
      expect(parseOffsetInstant(text), text).toBeNull();
    }
    expect(parseOffsetInstant(1772416800)).toBeNull();
    expect(parseShanghaiWallTime('2026-02-29 10:00:00')).toBeNull();
    expect(parseShanghaiWallTime(undefined)).toBeNull();
  });
});
