/*
 * Providers that speak yuan as decimal text ("5000.10"). The conversion is done on the digits,
 * never through a float: 0.29 * 100 is 28.999999999999996.
 */

const YUAN_TEXT = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** "0.01" → 1, "5000.1" → 500010; null for anything else (signs, exponents, a third decimal, ""). */
export function yuanTextToFen(text: string): number | null {
  const match = YUAN_TEXT.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 1 → "0.01", 500010 → "5000.10". */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`Not an amount of fen: ${fen}`);
  const yuan = Math.floor(fen / 100);
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}
