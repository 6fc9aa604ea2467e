/*
 * wouter imports `useSyncExternalStore` from the use-sync-external-store shim, written for React
 * versions before 18. React 19 has the hook itself: the build points the shim here
 * (vite.config.ts), so the storefront's first load does not carry the shim's copy of it.
 */
export { useSyncExternalStore } from 'react';
