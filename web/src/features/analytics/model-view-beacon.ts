import { useEffect, useRef } from 'react';
import type { paths } from '../../api/schema';
import { useBuyerCity } from '../dealers/buyer-city-store';

/*
 * One first-party "model viewed" per visit of a model's page, for the brand's dashboards. A
 * beacon: the browser sends it in the background, even as the buyer leaves, and nothing waits
 * for or reads its answer. The server reads the device (phone or desktop) from the User-Agent.
 */

const VIEWS: keyof paths = '/api/v1/stores/{store}/events/views';

export interface ModelView {
  model: string;
  trim?: string;
  city?: string;
}

export function sendModelView(store: string, view: ModelView): void {
  const url = VIEWS.replace('{store}', encodeURIComponent(store));
  const body = JSON.stringify(view);
  try {
    if (navigator.sendBeacon?.(url, new Blob([body], { type: 'application/json' }))) return;
  } catch {
    // Some browsers refuse a JSON beacon: the same request with keepalive does the same job.
  }
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'omit' }).catch(() => {
    // A lost view is not worth the buyer's attention.
  });
}

/** Sends the view once the model is shown (`model` set), once per model: changing the city later sends nothing. */
export function useModelViewBeacon(store: string, model: string | undefined): void {
  const [city] = useBuyerCity();
  const cityNow = useRef(city);
  cityNow.current = city;
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (model === undefined) return;
    const key = `${store}/${model}`;
    // React runs an effect twice in development; the page is seen once.
    if (sent.current === key) return;
    sent.current = key;
    sendModelView(store, { model, ...(cityNow.current ? { city: cityNow.current } : {}) });
  }, [store, model]);
}
