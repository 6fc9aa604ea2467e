/*
 * Vehicle identification numbers (ISO 3779; GB 16735 in China): 17 characters,
 * no I, O or Q, and a check digit at position 9 computed from the other sixteen.
 */

const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_SHAPE = /^[A-HJ-NPR-Z0-9]{17}$/;

function valueOf(char: string): number {
  const digit = char.charCodeAt(0) - 48;
  return digit >= 0 && digit <= 9 ? digit : (TRANSLITERATION[char] ?? 0);
}

/** The check digit for a VIN, whatever stands at position 9: '0'–'9', or 'X' for ten. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueOf(vin[i]!) * WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export function isValidVin(vin: string): boolean {
  return VIN_SHAPE.test(vin) && vin[8] === vinCheckDigit(vin);
}

/** Places the correct check digit at position 9 of a VIN-shaped string. */
export function withCheckDigit(vinWithoutCheck: string): string {
  if (!VIN_SHAPE.test(vinWithoutCheck)) throw new RangeError(`not VIN-shaped: ${vinWithoutCheck}`);
  return vinWithoutCheck.slice(0, 8) + vinCheckDigit(vinWithoutCheck) + vinWithoutCheck.slice(9);
}

/** Model-year code at position 10: 2018 is J, 2019 K, 2020 L. */
export function modelYearCode(year: number): string {
  const codes = 'ABCDEFGHJKLMNPRSTVWXY123456789';
  return codes[(year - 2010) % 30]!;
}
