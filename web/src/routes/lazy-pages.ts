import { useEffect, type ComponentType } from 'react';
import { matchRoute, useRouter } from 'wouter';
import { loadMessages } from '../i18n/load-messages';
import { ConsoleLayout } from '../ui/console-layout';
import { StoreLayout } from '../ui/layout';
import { lazyPage } from '../ui/lazy-page';

/*
 * The pages a buyer does not need to see the hall, a store or a model: each loads on demand,
 * in a chunk of its own, so the first load carries only the first views. The hall, the store
 * home and the model page stay in the entry chunk (test/web/first-load-budget.test.ts).
 * Each shows the frame the page itself draws while it loads, so nothing jumps, and brings the
 * messages of its kind of page and the stylesheet its modules import (styles.css holds only what
 * the first views, the frames and the shared pieces need).
 */

const pageMessages = () => loadMessages('pages');
const consoleMessages = () => Promise.all([loadMessages('pages'), loadMessages('console')]);

type PageLoader<Props extends object> = () => Promise<ComponentType<Props>>;

const storePage = <Props extends object>(load: PageLoader<Props>) => lazyPage(load, StoreLayout, pageMessages);
const consolePage = <Props extends object>(load: PageLoader<Props>) => lazyPage(load, ConsoleLayout, consoleMessages);

export const SignInPage = storePage(() => import('./sign-in-page').then((page) => page.SignInPage));
export const SignUpPage = storePage(() => import('./sign-up-page').then((page) => page.SignUpPage));
export const AccountPage = storePage(() => import('./account-page').then((page) => page.AccountPage));
export const MyTestDrivesPage = storePage(() => import('./my-test-drives-page').then((page) => page.MyTestDrivesPage));
export const MyOrdersPage = storePage(() => import('./my-orders-page').then((page) => page.MyOrdersPage));
export const MyOrderPage = storePage(() => import('./my-orders-page').then((page) => page.MyOrderPage));
export const PayPage = lazyPage(() => import('./pay-page').then((page) => page.PayPage), null, pageMessages);
export const DealerConsoleHome = consolePage(() => import('./dealer-console/dealer-console').then((page) => page.DealerConsoleHome));
export const DealerConsoleSection = consolePage(() => import('./dealer-console/dealer-console').then((page) => page.DealerConsoleSection));
export const BrandConsoleHome = consolePage(() => import('./console-page').then((page) => page.BrandConsoleHome));
export const BrandConsole = consolePage(() => import('./console-page').then((page) => page.BrandConsole));
/** The store policy's forms, inside the brand console's frame: their own chunk, loaded when the section opens. */
export const BrandPolicy = lazyPage(() => import('./brand-console/brand-policy').then((page) => page.BrandPolicy), null, consoleMessages);

export const ConfiguratorPage = storePage(() => import('./configurator-page').then((page) => page.ConfiguratorPage));
export const SharedConfigurationPage = storePage(() => import('./shared-configuration-page').then((page) => page.SharedConfigurationPage));
export const DealerFinderPage = storePage(() => import('./dealer-finder-page').then((page) => page.DealerFinderPage));
export const DealerPage = storePage(() => import('./dealer-page').then((page) => page.DealerPage));
export const StockPage = storePage(() => import('./stock-page').then((page) => page.StockPage));
export const TestDriveBookingPage = storePage(() => import('./test-drive-booking-page').then((page) => page.TestDriveBookingPage));
export const CheckoutPage = storePage(() => import('./checkout-page').then((page) => page.CheckoutPage));
export const CampaignPage = storePage(() => import('./campaign-page').then((page) => page.CampaignPage));
export const VoucherOfferPage = storePage(() => import('./voucher-offer-page').then((page) => page.VoucherOfferPage));
export const MyVouchersPage = storePage(() => import('./my-vouchers-page').then((page) => page.MyVouchersPage));
export const MyVoucherPage = storePage(() => import('./my-vouchers-page').then((page) => page.MyVoucherPage));

/**
 * The pages above that the server renders too (web/src/entry-server.tsx), by the kind of first
 * view: the browser loads one before taking its rendered page over (main.tsx).
 */
export const RENDERED_PAGES_ON_DEMAND = { configurator: ConfiguratorPage } satisfies Record<string, { preload(): Promise<unknown> }>;

/** The buyer's addresses of the pages above, as app.tsx routes them: what a link may be about to open. */
const PAGE_ADDRESSES: [pattern: string, page: { preload(): Promise<unknown> }][] = [
  ['/signin', SignInPage],
  ['/signup', SignUpPage],
  ['/account', AccountPage],
  ['/account/test-drives', MyTestDrivesPage],
  ['/account/orders', MyOrdersPage],
  ['/account/orders/:id', MyOrderPage],
  ['/:store/models/:model/configure', ConfiguratorPage],
  ['/:store/c/:code', SharedConfigurationPage],
  ['/:store/dealers', DealerFinderPage],
  ['/:store/dealers/:dealer', DealerPage],
  ['/:store/stock', StockPage],
  ['/:store/test-drive', TestDriveBookingPage],
  ['/:store/checkout', CheckoutPage],
  ['/:store/campaigns/:slug', CampaignPage],
  ['/:store/vouchers/:offer', VoucherOfferPage],
  ['/account/vouchers', MyVouchersPage],
  ['/account/vouchers/:id', MyVoucherPage],
];

/**
 * Starts loading a page's chunk when a finger lands on a link to it, a pointer rests over it or
 * the keyboard reaches it: by the time the tap or click ends, the page is mostly there.
 */
export function PreloadPagesOnIntent(): null {
  const { parser } = useRouter();
  useEffect(() => {
    function preload(event: Event) {
      const link = event.target instanceof Element ? event.target.closest('a') : null;
      if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin) return;
      const address = PAGE_ADDRESSES.find(([pattern]) => matchRoute(parser, pattern, link.pathname)[0]);
      // A chunk that fails to arrive now is tried again when the page opens, and says so there.
      address?.[1].preload().catch(() => {});
    }
    const intents = ['touchstart', 'pointerover', 'focusin'] as const;
    for (const intent of intents) document.addEventListener(intent, preload, { passive: true });
    return () => {
      for (const intent of intents) document.removeEventListener(intent, preload);
    };
  }, [parser]);
  return null;
}
