import { sql } from 'kysely';
import type { TestContext } from './app.js';

/*
 * VINs for stock tests, with the check digit computed here independently of src/modules/inventory/vin.ts:
 * letters take the values of ISO 3779's table (A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9), positions are
 * weighted 8 7 6 5 4 3 2 10 * 9 8 7 6 5 4 3 2, and the remainder by 11 is the digit (10 is X).
 */
const LETTER_VALUES = 'A1B2C3D4E5F6G7H8J1K2L3M4N5P7R9S2T3U4V5W6X7Y8Z9';
const POSITION_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export function testCheckDigit(vin: string): string {
  let total = 0;
  [...vin].forEach((char, position) => {
    const value = /[0-9]/.test(char) ? Number(char) : Number(LETTER_VALUES[LETTER_VALUES.indexOf(char) + 1]);
    total += value * POSITION_WEIGHTS[position]!;
  });
  const remainder = total % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** A valid VIN from 8 leading and 8 trailing characters. */
export function testVin(head: string, tail: string): string {
  const draft = `${head}0${tail}`;
  return `${head}${testCheckDigit(draft)}${tail}`;
}

/** The n-th test VIN of a series: LVSHTEST ? J S nnnnnn. */
export function seriesVin(series: string, n: number): string {
  return testVin('LVSHTEST', `J${series}${String(n).padStart(6, '0')}`);
}

/** Sale units by status, counted with SQL of the test's own, for conservation checks. */
export async function saleCounts(ctx: TestContext, dealerCode?: string): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number | string }>`
    select u.status, count(*) as n from vehicle_unit u
    join store s on s.id = u.store_id
    join dealer d on d.id = u.dealer_id
    where s.slug = 'renault' and u.purpose = 'sale' ${dealerCode ? sql`and d.code = ${dealerCode}` : sql``}
    group by u.status`.execute(ctx.connection.db);
  const counts: Record<string, number> = { available: 0, held: 0, sold: 0, delivered: 0 };
  for (const row of rows.rows) counts[row.status] = Number(row.n);
  return counts;
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
