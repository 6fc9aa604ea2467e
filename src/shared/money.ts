/** Money is an integer count of minor units (fen for CNY) with its ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export function assertMinorUnits(amount: number): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money must be an integer of minor units, got ${amount}`);
  return amount;
}

export function money(amount: number, currency: string): Money {
  return { amount: assertMinorUnits(amount), currency };
}
