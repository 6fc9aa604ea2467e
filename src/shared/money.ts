/** Money is an integer count of minor units (fen for CNY) with its ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}
