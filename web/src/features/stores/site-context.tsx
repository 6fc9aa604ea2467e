import { createContext, useContext, type ReactNode } from 'react';
import { getJson, type SiteAnswer } from '../../api/pending';
import { useRequest } from '../../api/use-request';

/** What this deployment is: a marketplace hall at `/`, or one brand's store there (DEFAULT_STORE). */
export type SiteState = { status: 'loading' } | { status: 'ready'; defaultStore: string | null };

const SiteContext = createContext<SiteState>({ status: 'loading' });

/** Asked once when the app starts. A server that cannot say is taken for a marketplace. */
export function SiteProvider({ children }: { children: ReactNode }) {
  const site = useRequest((signal) => getJson<SiteAnswer>('/api/v1/site', {}, signal), []);
  const state: SiteState = site.isLoading
    ? { status: 'loading' }
    : { status: 'ready', defaultStore: site.error ? null : (site.data?.defaultStore ?? null) };
  return <SiteContext.Provider value={state}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteState {
  return useContext(SiteContext);
}
