import { useEffect } from 'react';
import { matchRoute, useRouter } from 'wouter';
import { ConsoleLayout } from '../ui/console-layout';
import { StoreLayout } from '../ui/layout';
import { lazyPage } from '../ui/lazy-page';

/*
 * The pages a buyer does not need to see the hall, a store or a model: each loads on demand,
 * in a chunk of its own, so the first load carries only the first views. The hall, the store
 * home and the model page stay in the entry chunk (test/web/first-load-budget.test.ts).
 * Each names the frame it shows while it loads: the one the page itself draws, so nothing jumps.
 */

export const SignInPage = lazyPage(() => import('./sign-in-page').then((page) => page.SignInPage), StoreLayout);
export const SignUpPage = lazyPage(() => import('./sign-up-page').then((page) => page.SignUpPage), StoreLayout);
export const AccountPage = lazyPage(() => import('./account-page').then((page) => page.AccountPage), StoreLayout);
export const MyTestDrivesPage = lazyPage(() => import('./my-test-drives-page').then((page) => page.MyTestDrivesPage), StoreLayout);
export const MyOrdersPage = lazyPage(() => import('./my-orders-page').then((page) => page.MyOrdersPage), StoreLayout);
export const MyOrderPage = lazyPage(() => import('./my-orders-page').then((page) => page.MyOrderPage), StoreLayout);
export const PayPage = lazyPage(() => import('./pay-page').then((page) => page.PayPage), null);
export const DealerConsoleHome = lazyPage(() => import('./dealer-console/dealer-console').then((page) => page.DealerConsoleHome), ConsoleLayout);
export const DealerConsoleSection = lazyPage(() => import('./dealer-console/dealer-console').then((page) => page.DealerConsoleSection), ConsoleLayout);
export const BrandConsoleHome = lazyPage(() => import('./console-page').then((page) => page.BrandConsoleHome), ConsoleLayout);
export const BrandConsole = lazyPage(() => import('./console-page').then((page) => page.BrandConsole), ConsoleLayout);

export const ConfiguratorPage = lazyPage(() => import('./configurator-page').then((page) => page.ConfiguratorPage), StoreLayout);
export const SharedConfigurationPage = lazyPage(() => import('./shared-configuration-page').then((page) => page.SharedConfigurationPage), StoreLayout);
export const DealerFinderPage = lazyPage(() => import('./dealer-finder-page').then((page) => page.DealerFinderPage), StoreLayout);
export const DealerPage = lazyPage(() => import('./dealer-page').then((page) => page.DealerPage), StoreLayout);
export const StockPage = lazyPage(() => import('./stock-page').then((page) => page.StockPage), StoreLayout);
export const TestDriveBookingPage = lazyPage(() => import('./test-drive-booking-page').then((page) => page.TestDriveBookingPage), StoreLayout);
export const CheckoutPage = lazyPage(() => import('./checkout-page').then((page) => page.CheckoutPage), StoreLayout);
export const CampaignPage = lazyPage(() => import('./campaign-page').then((page) => page.CampaignPage), StoreLayout);

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
