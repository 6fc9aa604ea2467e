import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { SessionProvider } from './features/accounts/session-context';
import { isStoreSlug } from './features/catalog/catalog.api';
import { SiteProvider, useSite } from './features/stores/site-context';
import { StoreProvider } from './features/stores/store-context';
import { LocaleProvider } from './i18n/i18n-context';
import { HallPage } from './routes/hall-page';
import {
  AccountPage,
  BrandConsole,
  BrandConsoleHome,
  CampaignPage,
  CheckoutPage,
  ConfiguratorPage,
  DealerConsoleHome,
  DealerConsoleSection,
  DealerFinderPage,
  DealerPage,
  MyOrderPage,
  MyOrdersPage,
  MyTestDrivesPage,
  MyVoucherPage,
  MyVouchersPage,
  PayPage,
  PreloadPagesOnIntent,
  SharedConfigurationPage,
  SignInPage,
  SignUpPage,
  StockPage,
  TestDriveBookingPage,
  VoucherOfferPage,
} from './routes/lazy-pages';
import { ModelPage } from './routes/model-page';
import { NotFound, StoreNotFound } from './routes/not-found';
import { StorefrontHome } from './routes/storefront-home';
import { StoreLayout } from './ui/layout';
import { ScrollOnNavigate } from './ui/scroll-on-navigate';
import { LoadingState } from './ui/request-states';

/*
 * Every storefront page names its store first (/renault, /renault/models/koleos,
 * /renault/models/koleos/configure, /renault/c/CODE), so any link or QR code opens the right
 * store. `/` is the marketplace hall, or in a single-brand deployment (the server's
 * DEFAULT_STORE) that store's home. The fixed pages come first: a store cannot be called
 * "signin" or "admin".
 */
export function App() {
  return (
    <LocaleProvider>
      <SiteProvider>
        <SessionProvider>
          <ScrollOnNavigate />
          <PreloadPagesOnIntent />
          <Switch>
            <Route path="/" component={Home} />
            <Route path="/signin" component={SignInPage} />
            <Route path="/signup" component={SignUpPage} />
            <Route path="/account" component={AccountPage} />
            <Route path="/account/test-drives" component={MyTestDrivesPage} />
            <Route path="/account/orders" component={MyOrdersPage} />
            <Route path="/account/orders/:id">{({ id }) => <MyOrderPage id={id} />}</Route>
            <Route path="/account/vouchers" component={MyVouchersPage} />
            <Route path="/account/vouchers/:id">{({ id }) => <MyVoucherPage id={id} />}</Route>
            {/* The sandbox provider's hosted page: PUBLIC_BASE_URL/pay/{payment} is where checkout sends buyers. */}
            <Route path="/pay/:payment">{({ payment }) => <PayPage payment={payment} />}</Route>
            <Route path="/dealer" component={DealerConsoleHome} />
            <Route path="/dealer/:store/:dealer/:section?">
              {({ store, dealer, section }) => <DealerConsoleSection store={store} dealer={dealer} section={section ?? 'calendar'} />}
            </Route>
            <Route path="/admin" component={BrandConsoleHome} />
            <Route path="/admin/:store">{({ store }) => <BrandConsole store={store} section="dashboard" />}</Route>
            <Route path="/admin/:store/orders">{({ store }) => <BrandConsole store={store} section="orders" />}</Route>
            <Route path="/admin/:store/campaigns">{({ store }) => <BrandConsole store={store} section="campaigns" />}</Route>
            <Route path="/admin/:store/vouchers">{({ store }) => <BrandConsole store={store} section="vouchers" />}</Route>
            <Route path="/admin/:store/catalog">{({ store }) => <BrandConsole store={store} section="catalog" />}</Route>
            <Route path="/admin/:store/policy">{({ store }) => <BrandConsole store={store} section="policy" />}</Route>
            <Route path="/admin/:store/catalog/:model">{({ store, model }) => <BrandConsole store={store} section="catalog" model={model} />}</Route>
            <Route path="/admin/:store/dealers">{({ store }) => <BrandConsole store={store} section="dealers" />}</Route>
            <Route path="/admin/:store/dealers/:dealer">{({ store, dealer }) => <BrandConsole store={store} section="dealers" dealer={dealer} />}</Route>
            <Route path="/admin/:store/audit">{({ store }) => <BrandConsole store={store} section="audit" />}</Route>
            <Route path="/models/*?" component={LegacyAddress} />
            <Route path="/c/*?" component={LegacyAddress} />
            <Route path="/:store/*?">
              {({ store }) =>
                isStoreSlug(store) ? (
                  <StoreProvider slug={store}>
                    <StorePages />
                  </StoreProvider>
                ) : (
                  <NotFound />
                )
              }
            </Route>
            <Route component={NotFound} />
          </Switch>
        </SessionProvider>
      </SiteProvider>
    </LocaleProvider>
  );
}

function StorePages() {
  return (
    <Switch>
      <Route path="/:store" component={StorefrontHome} />
      <Route path="/:store/models/:model/configure">{({ model }) => <ConfiguratorPage slug={model} />}</Route>
      <Route path="/:store/models/:model">{({ model }) => <ModelPage slug={model} />}</Route>
      <Route path="/:store/c/:code">{({ code }) => <SharedConfigurationPage code={code} />}</Route>
      <Route path="/:store/dealers" component={DealerFinderPage} />
      <Route path="/:store/dealers/:dealer">{({ dealer }) => <DealerPage code={dealer} />}</Route>
      <Route path="/:store/stock" component={StockPage} />
      <Route path="/:store/test-drive" component={TestDriveBookingPage} />
      <Route path="/:store/checkout" component={CheckoutPage} />
      <Route path="/:store/campaigns/:slug">{({ slug }) => <CampaignPage slug={slug} />}</Route>
      <Route path="/:store/vouchers/:offer">{({ offer }) => <VoucherOfferPage slug={offer} />}</Route>
      <Route component={NotFound} />
    </Switch>
  );
}

/** `/`: the hall, or the one store of a single-brand deployment, whose links still name it. */
function Home() {
  const site = useSite();
  if (site.status === 'loading') {
    return (
      <StoreLayout>
        <LoadingState>
          <div className="hero hero--skeleton" />
        </LoadingState>
      </StoreLayout>
    );
  }
  if (!site.defaultStore) return <HallPage />;
  if (!isStoreSlug(site.defaultStore)) return <StoreNotFound />;
  return (
    <StoreProvider slug={site.defaultStore}>
      <StorefrontHome />
    </StoreProvider>
  );
}

/**
 * The addresses of the one-store storefront (/models/…, /c/…) name no store. A single-brand
 * deployment sends them on to its store; a marketplace cannot tell which store was meant.
 */
function LegacyAddress() {
  const site = useSite();
  const [location] = useLocation();
  const search = useSearch();
  if (site.status === 'loading') return null;
  if (!site.defaultStore) return <NotFound />;
  return <Redirect to={`/${site.defaultStore}${location}${search ? `?${search}` : ''}`} replace />;
}
