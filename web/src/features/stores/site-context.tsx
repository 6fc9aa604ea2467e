import { createContext, useContext, type ReactNode } from 'react';
import { api, dataOf } from '../../api/client';
import { firstViewKeys } from '../../api/first-view';
import { useRequest } from '../../api/use-request';

/** What this deployment is: a marketplace hall at `/`, or one brand's store there (DEFAULT_STORE). */
export type SiteState = { status: 'loading' } | { status: 'ready'; defaultStore: string | null };

const SiteContext = createContext<SiteState>({ status: 'loading' });

/** Asked once when the app starts; if the answer fails, the app shows the marketplace hall. */
export function SiteProvider({ children }: { children: ReactNode }) {
  const site = useRequest((signal) => dataOf(api.GET('/api/v1/site', { signal })), [], firstViewKeys.site());
  const state: SiteState = site.isLoading
    ? { status: 'loading' }
    : { status: 'ready', defaultStore: site.error ? null : (site.data?.defaultStore ?? null) };
  return <SiteContext.Provider value={state}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteState {
  return useContext(SiteContext);
}
