import { api } from '../../api/client';
import type { Locale } from '../../i18n/locales';
import type { Account } from '../accounts/accounts.api';
import { fetchStores } from '../catalog/catalog.api';

/**
 * /me names the account's store and dealer by id. A server that also gives the store's slug and
 * the dealer's code (asked of the server half of the marketplace) spares the search below, and
 * lets dealer staff land on their dealer.
 */
export type AccountWithSlugs = Account & { storeSlug?: string | null; dealerCode?: string | null };

/**
 * The slug of the store a brand admin runs. Taken from /me when it says; otherwise each store is
 * asked for one line of its audit log, which the server shows a brand admin only in their own
 * store (another store answers 404, as if it did not exist).
 */
export async function ownStoreSlug(account: Account, locale: Locale, signal: AbortSignal): Promise<string | null> {
  const given = (account as AccountWithSlugs).storeSlug;
  if (given) return given;
  if (!account.storeId) return null;
  const stores = await fetchStores(locale, signal);
  for (const store of stores) {
    const { response } = await api.GET('/api/v1/admin/stores/{store}/audit-events', {
      params: { path: { store: store.slug }, query: { limit: 1 } },
      signal,
    });
    if (response.ok) return store.slug;
  }
  return null;
}

/** Dealer staff's store and dealer, when /me names them by slug and code. */
export function ownDealer(account: Account): { store: string; dealer: string } | null {
  const { storeSlug, dealerCode } = account as AccountWithSlugs;
  return storeSlug && dealerCode ? { store: storeSlug, dealer: dealerCode } : null;
}
