import { createContext, useContext, type ReactNode } from 'react';
import { firstViewKeys } from '../../api/first-view';
import { useRequest, type RequestState } from '../../api/use-request';
import { useLocale } from '../../i18n/i18n-context';
import { fetchStore, type StoreSummary } from '../catalog/catalog.api';

interface StoreContextValue {
  /** The store's slug, from the address. */
  slug: string;
  /** Its summary in the page's language: name, brand, looks, plate fee. */
  summary: RequestState<StoreSummary>;
}

const StoreContext = createContext<StoreContextValue | null>(null);

/** The store a storefront page belongs to: named by the address, described by the API. */
export function StoreProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const { locale } = useLocale();
  const summary = useRequest((signal) => fetchStore(slug, locale, signal), [slug, locale], firstViewKeys.store(slug, locale));
  // A summary kept from another store while this one loads is not this store's.
  const current = summary.data?.slug === slug ? summary : { ...summary, data: undefined };
  return <StoreContext.Provider value={{ slug, summary: current }}>{children}</StoreContext.Provider>;
}

export function useStore(): StoreContextValue {
  const value = useContext(StoreContext);
  if (!value) throw new Error('useStore must be used inside <StoreProvider>');
  return value;
}

/** The store of the page, when the page has one (the not-found page may not). */
export function useOptionalStore(): StoreContextValue | null {
  return useContext(StoreContext);
}

/** The store's colours as CSS custom properties on its root element; only well-formed #rrggbb is taken. */
export function storeColours(store: StoreSummary | undefined): Record<string, string> {
  const colours: Record<string, string> = {};
  const branding = store?.branding;
  if (branding && HEX.test(branding.primaryColor)) colours['--color-brand'] = branding.primaryColor;
  if (branding && HEX.test(branding.accentColor)) colours['--color-accent'] = branding.accentColor;
  return colours;
}

const HEX = /^#[0-9a-fA-F]{6}$/;
