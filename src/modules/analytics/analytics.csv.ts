/*
 * CSV as RFC 4180 has it: CRLF line ends, a field quoted when it holds a comma, a quote or a
 * line break, quotes doubled. A text cell that a spreadsheet would read as a formula (one
 * starting with = + - @, or a tab or carriage return) is prefixed with ' so it stays text:
 * names come from the catalog and dealers, which are not ours to trust.
 */

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
