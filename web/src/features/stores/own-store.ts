import { api } from '../../api/client';
import type { Locale } from '../../i18n/locales';
import type { Account } from '../accounts/accounts.api';
import { fetchStores } from '../catalog/catalog.api';

/** /me names the account's store by id; a server that also gives its slug spares the search below. */
type AccountWithStoreSlug = Account & { storeSlug?: string | null };

/**
 * The slug of the store a brand admin runs. Taken from /me when it says; otherwise each store is
 * asked for one line of its audit log, which the server shows a brand admin only in their own
 * store (another store answers 404, as if it did not exist).
 */
export async function ownStoreSlug(account: Account, locale: Locale, signal: AbortSignal): Promise<string | null> {
  const given = (account as AccountWithStoreSlug).storeSlug;
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
