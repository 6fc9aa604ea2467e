import type { Account } from '../accounts/accounts.api';

/** The slug of the store a brand admin or dealer staff member works for, as /me names it. */
export function ownStoreSlug(account: Account): string | null {
  return account.storeSlug;
}

/** Dealer staff's store and dealer, as /me names them. */
export function ownDealer(account: Account): { store: string; dealer: string } | null {
  return account.storeSlug && account.dealerCode ? { store: account.storeSlug, dealer: account.dealerCode } : null;
}
