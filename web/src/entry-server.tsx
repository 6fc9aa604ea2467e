import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { Router } from 'wouter';
import { App } from './app';
import { firstViewKeys, FirstViewProvider, type FirstViewData } from './api/first-view';
import { isStoreSlug } from './features/catalog/catalog.api';
import { formatMessage, MESSAGES } from './i18n/messages';
// The storefront's messages and the pages' in every language: a page renders in any of them, at once.
import './i18n/storefront-messages';
import './i18n/page-messages';
import type { Locale } from './i18n/locales';
import { RENDERED_PAGES_ON_DEMAND } from './routes/lazy-pages';

/*
 * The server's side of the first view (built with `vite build --ssr` to dist/web-ssr, loaded by
 * src/http/first-view.ts): which API answers a page is made of, and the page's markup made
 * from them by the very components the browser then hydrates (main.tsx).
 */

/** Addresses app.tsx routes before `/:store`: no store can be called that. */
const FIXED_PAGES = new Set(['signin', 'signup', 'account', 'pay', 'dealer', 'admin', 'models', 'c']);
const MODEL_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A page the server renders: the hall, a store's home, a model page or its configurator. */
export type FirstViewPage =
  | { kind: 'hall' }
  | { kind: 'store'; store: string }
  | { kind: 'model'; store: string; model: string }
  | { kind: 'configurator'; store: string; model: string };

/**
 * The files of the pages loaded on demand that are rendered here too, by kind, as the web build's
 * manifest names them: the page's module and its messages. The server inlines the page's
 * stylesheets and asks for its scripts with the app's (src/http/first-view.ts).
 */
// Kept here, not in lazy-pages.ts, so the browser's first load does not carry the build's file names; typed by its kinds, so the two lists agree.
export const pagesOnDemand: Record<keyof typeof RENDERED_PAGES_ON_DEMAND, { module: string; messages: string }> = {
  configurator: { module: 'src/routes/configurator-page.tsx', messages: 'src/i18n/page-messages.ts' },
};

// Rendered at once, like the pages in the entry: a page on demand suspends until it is in.
await Promise.all(Object.values(RENDERED_PAGES_ON_DEMAND).map((page) => page.preload()));

/**
 * The page at `pathname` (as the browser sends it, without its query), or null when it is not
 * one rendered on the server: those load the app and fetch, as every other page does.
 */
export function firstViewPage(pathname: string, defaultStore: string | null): FirstViewPage | null {
  if (pathname === '/') return defaultStore ? (isStoreSlug(defaultStore) ? { kind: 'store', store: defaultStore } : null) : { kind: 'hall' };
  const segments = pathname.split('/');
  const store = segments[1] ?? '';
  if (!isStoreSlug(store) || FIXED_PAGES.has(store)) return null;
  if (segments.length === 2) return { kind: 'store', store };
  const model = segments[3] ?? '';
  if (segments[2] !== 'models' || !MODEL_SLUG.test(model)) return null;
  if (segments.length === 4) return { kind: 'model', store, model };
  if (segments.length === 5 && segments[4] === 'configure') return { kind: 'configurator', store, model };
  return null;
}

/** The API answers the page's first render reads, besides the site's (firstViewKeys.site). */
export function firstViewRequests(page: FirstViewPage, locale: Locale): string[] {
  switch (page.kind) {
    case 'hall':
      return [firstViewKeys.hall(locale)];
    case 'store':
      // The flash sale's and the voucher's banners too: arriving after the page, they would push the range down.
      return [
        firstViewKeys.store(page.store, locale),
        firstViewKeys.range(page.store, locale),
        firstViewKeys.campaigns(page.store, locale),
        firstViewKeys.voucherOffers(page.store, locale),
      ];
    case 'model':
      return [firstViewKeys.store(page.store, locale), firstViewKeys.model(page.store, page.model, locale)];
    case 'configurator':
      // The plate fees go into the live price: arriving later, they would change it under the buyer's eyes.
      return [firstViewKeys.store(page.store, locale), firstViewKeys.model(page.store, page.model, locale), firstViewKeys.plateFees(page.store, locale)];
  }
}

export interface RenderedFirstView {
  /** The markup of #root. */
  html: string;
  /** The document's title, as the page sets it once running. */
  title: string;
}

/** Renders `pathname` from the answers in `data` (which the page embeds for hydration). */
export function renderFirstView(pathname: string, page: FirstViewPage, data: FirstViewData): RenderedFirstView {
  const html = renderToString(
    <StrictMode>
      <FirstViewProvider data={data}>
        <Router ssrPath={pathname} ssrSearch="">
          <App />
        </Router>
      </FirstViewProvider>
    </StrictMode>,
  );
  return { html, title: titleOf(page, data) };
}

function titleOf(page: FirstViewPage, data: FirstViewData): string {
  const { locale, answers } = data;
  const body = (key: string) => {
    const answer = answers[key];
    return answer?.status === 200 ? (answer.body as Record<string, unknown>) : undefined;
  };
  if (page.kind === 'hall') return `${MESSAGES[locale]['hall.title']} · Vitrine`;
  if (page.kind === 'model' || page.kind === 'configurator') {
    const model = body(firstViewKeys.model(page.store, page.model, locale));
    if (typeof model?.name === 'string') return page.kind === 'model' ? model.name : formatMessage(MESSAGES[locale]['configurator.documentTitle'], locale, { model: model.name });
  }
  const store = body(firstViewKeys.store(page.store, locale));
  return typeof store?.name === 'string' ? store.name : 'Vitrine';
}
