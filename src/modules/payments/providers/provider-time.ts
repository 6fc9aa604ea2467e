/*
 * How Chinese providers write instants. Asia/Shanghai has been UTC+8 all year since 1991, so
 * its wall time is a fixed shift. Parsing is strict: Date alone would read 02-30 as 03-02.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Alipay's `yyyy-MM-dd HH:mm:ss`, Shanghai wall time. */
export function shanghaiWallTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** WeChat Pay's RFC 3339 with the Shanghai offset: 2026-03-02T10:00:00+08:00. */
export function shanghaiRfc3339(at: Date): string {
  return `${shanghaiWallTime(at).replace(' ', 'T')}+08:00`;
}

/** `yyyy-MM-dd HH:mm:ss` read as Shanghai wall time; null unless it names a real second. */
export function parseShanghaiWallTime(text: string | undefined): Date | null {
  if (text === undefined || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)) return null;
  return parseOffsetInstant(`${text.replace(' ', 'T')}+08:00`);
}

/** An RFC 3339 instant with its offset (Z or ±hh:mm); null unless the calendar date and time exist. */
export function parseOffsetInstant(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!match) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return null;
  const offsetMs = match[3] === 'Z' ? 0 : (match[4] === '-' ? -1 : 1) * (Number(match[5]) * 60 + Number(match[6])) * 60_000;
  // The wall time written must be the wall time of the instant read.
  return new Date(at.getTime() + offsetMs).toISOString().slice(0, 19) === match[1] ? at : null;
}
