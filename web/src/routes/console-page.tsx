import { useEffect, useId, type ReactNode } from 'react';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import { isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { RequireAccount } from '../features/accounts/require-account';
import { CONSOLE_ROLES } from '../features/accounts/roles';
import { useAccount } from '../features/accounts/session-context';
import { fetchStore, fetchStores, isStoreSlug } from '../features/catalog/catalog.api';
import { ownStoreSlug } from '../features/stores/own-store';
import { useLocale, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { ConsoleLayout } from '../ui/console-layout';
import { lazyPage } from '../ui/lazy-page';
import { ErrorState, PageSpinner } from '../ui/request-states';
import { useCurrentTabInView } from '../ui/use-current-tab-in-view';
import { BrandCampaigns, brandCampaignsPath } from './brand-console/brand-campaigns';
import { BrandCatalog, BrandCatalogModel, brandCatalogPath } from './brand-console/brand-catalog';
import { BrandOrders, brandOrderPath } from './brand-console/brand-orders';
import { BrandVouchers, brandVouchersPath } from './brand-console/brand-vouchers';
import { storePolicyPath } from '../features/store-policy/store-policy.api';
import { BrandPolicy } from './lazy-pages';
import { BrandAudit, brandAuditPath } from './brand-console/brand-audit';
import { BrandDealer, BrandDealers, brandDealersPath } from './brand-console/brand-dealers';
import '../ui/console-pages.css';
import './brand-console/brand-console.css';

/** The brand console's sections, each at its own address. */
export type BrandSection = 'dashboard' | 'orders' | 'campaigns' | 'vouchers' | 'catalog' | 'policy' | 'dealers' | 'audit';

/** The dashboards and ECharts: a chunk of their own, fetched only when the dashboard opens. */
const BrandDashboard = lazyPage(() => import('./brand-console/brand-dashboard').then((page) => page.default), null, () => Promise.resolve());

interface ConsolePageProps {
  title: MessageKey;
  subtitle: MessageKey;
  /** Where the console works (a store, a dealer), named under the title. */
  place?: string | undefined;
  /** The console's tools; without them, a note that there is nothing here yet. */
  children?: ReactNode;
}

/** The shell of a staff console: its heading, then its tools (or an empty state until it has some). */
export function ConsolePage({ title, subtitle, place, children }: ConsolePageProps) {
  const t = useT();
  useEffect(() => {
    document.title = `${place ? `${place} · ` : ''}${t(title)} · Vitrine`;
  }, [t, title, place]);

  return (
    <>
      <header className="console-header">
        <h1 className="console-header__title">{t(title)}</h1>
        {place && <p className="console-header__store">{place}</p>}
        <p className="console-header__subtitle">{t(subtitle)}</p>
      </header>
      {children ?? <EmptyConsole />}
    </>
  );
}

function EmptyConsole() {
  const t = useT();
  return (
    <section className="empty-state" aria-labelledby="console-empty-title">
      <svg className="empty-state__icon" viewBox="0 0 48 48" aria-hidden="true">
        <rect x="7" y="10" width="34" height="28" rx="5" fill="none" stroke="currentColor" strokeWidth="2.5" />
        <path d="M7 18h34M14 26h12M14 31h8" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <h2 className="empty-state__title" id="console-empty-title">
        {t('console.emptyTitle')}
      </h2>
      <p className="empty-state__body">{t('console.emptyBody')}</p>
    </section>
  );
}

/** /admin: a brand admin goes on to their own store's console; a platform admin picks a store. */
export function BrandConsoleHome() {
  return (
    <RequireAccount roles={CONSOLE_ROLES.admin} pageName="nav.admin" frame={ConsoleLayout}>
      <AdminLanding />
    </RequireAccount>
  );
}

/**
 * /admin/:store (its dashboards), /admin/:store/orders, /admin/:store/campaigns, /admin/:store/vouchers and
 * /admin/:store/catalog(/:model): one store's console, for its brand admins and for platform admins.
 */
export function BrandConsole({ store, section, model, dealer }: { store: string; section: BrandSection; model?: string | undefined; dealer?: string | undefined }) {
  return (
    <RequireAccount roles={CONSOLE_ROLES.admin} pageName="nav.admin" frame={ConsoleLayout}>
      <StoreConsole slug={store} section={section} model={model} dealer={dealer} />
    </RequireAccount>
  );
}

function AdminLanding() {
  const account = useAccount();
  const t = useT();
  if (account.role === 'platform_admin') {
    return (
      <>
        <header className="console-header">
          <h1 className="console-header__title">{t('console.admin.title')}</h1>
          <p className="console-header__subtitle">{t('console.pickStore')}</p>
        </header>
        <StoreSwitch current={undefined} />
      </>
    );
  }
  return <OwnStoreRedirect />;
}

function OwnStoreRedirect() {
  const own = ownStoreSlug(useAccount());
  if (own) return <Redirect to={`/admin/${own}`} replace />;
  return <ConsolePage title="console.admin.title" subtitle="console.noStore" />;
}

function StoreConsole({ slug, section, model, dealer }: { slug: string; section: BrandSection; model: string | undefined; dealer?: string | undefined }) {
  const account = useAccount();
  const t = useT();
  const { locale } = useLocale();
  const search = useSearch();
  const isPlatform = account.role === 'platform_admin';
  const store = useRequest(
    (signal) => (isStoreSlug(slug) ? fetchStore(slug, locale, signal) : Promise.reject(new NotAStore())),
    [slug, locale],
  );
  // A brand admin works in one store only; the server refuses the others' data anyway.
  const own = isPlatform ? slug : ownStoreSlug(account);
  const tabs = useCurrentTabInView(section);

  if (!isPlatform && own !== slug) {
    return (
      <section className="notice" aria-labelledby="other-store-title">
        <h1 className="notice__title" id="other-store-title">
          {t('console.otherStoreTitle')}
        </h1>
        <p className="notice__body">{t('console.otherStoreBody')}</p>
        {own && (
          <Link href={`/admin/${own}`} className="button button--primary">
            {t('console.toOwnStore')}
          </Link>
        )}
      </section>
    );
  }
  const unknown = store.error instanceof NotAStore || isNotFound(store.error);
  // An order's address from before the dashboards took /admin/:store.
  const order = new URLSearchParams(search).get('order');
  if (section === 'dashboard' && order) return <Redirect to={brandOrderPath(slug, order)} replace />;
  return (
    <>
      {isPlatform && <StoreSwitch current={slug} section={section} />}
      {unknown ? (
        <section className="notice" role="alert">
          <h1 className="notice__title">{t('notFound.storeTitle')}</h1>
          <p className="notice__body">{t('notFound.storeBody')}</p>
        </section>
      ) : store.error ? (
        <ErrorState onRetry={store.retry} />
      ) : store.data?.slug === slug ? (
        <ConsolePage title="console.admin.title" subtitle="console.admin.subtitle" place={store.data.name}>
          <nav className="subnav brand-orders__nav" aria-label={t('console.admin.title')}>
            <ul className="subnav__list" ref={tabs}>
              <li>
                <Link href={`/admin/${slug}`} className="subnav__link" aria-current={section === 'dashboard' ? 'page' : undefined}>
                  {t('dashboard.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandOrderPath(slug)} className="subnav__link" aria-current={section === 'orders' ? 'page' : undefined}>
                  {t('orderConsole.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandCampaignsPath(slug)} className="subnav__link" aria-current={section === 'campaigns' ? 'page' : undefined}>
                  {t('campaigns.admin.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandVouchersPath(slug)} className="subnav__link" aria-current={section === 'vouchers' ? 'page' : undefined}>
                  {t('vouchers.admin.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandCatalogPath(slug)} className="subnav__link" aria-current={section === 'catalog' ? 'page' : undefined}>
                  {t('catalogAdmin.nav')}
                </Link>
              </li>
              <li>
                <Link href={storePolicyPath(slug)} className="subnav__link" aria-current={section === 'policy' ? 'page' : undefined}>
                  {t('storePolicy.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandDealersPath(slug)} className="subnav__link" aria-current={section === 'dealers' ? 'page' : undefined}>
                  {t('dealersAdmin.nav')}
                </Link>
              </li>
              <li>
                <Link href={brandAuditPath(slug)} className="subnav__link" aria-current={section === 'audit' ? 'page' : undefined}>
                  {t('audit.nav')}
                </Link>
              </li>
            </ul>
          </nav>
          {section === 'policy' ? (
            <BrandPolicy store={slug} />
          ) : section === 'campaigns' ? (
            <BrandCampaigns store={slug} />
          ) : section === 'vouchers' ? (
            <BrandVouchers store={slug} />
          ) : section === 'dealers' ? (
            dealer ? <BrandDealer store={slug} dealer={dealer} /> : <BrandDealers store={slug} />
          ) : section === 'audit' ? (
            <BrandAudit store={slug} />
          ) : section === 'catalog' ? (
            model ? <BrandCatalogModel store={slug} model={model} /> : <BrandCatalog store={slug} />
          ) : section === 'orders' ? (
            <BrandOrders store={slug} />
          ) : (
            <BrandDashboard store={slug} />
          )}
        </ConsolePage>
      ) : (
        <PageSpinner />
      )}
    </>
  );
}

class NotAStore extends Error {}

/** The platform admin's choice of store, kept in the address (/admin/{store}), staying in the section open. */
function StoreSwitch({ current, section = 'dashboard' }: { current: string | undefined; section?: BrandSection }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const selectId = useId();
  const stores = useRequest((signal) => fetchStores(locale, signal), [locale]);
  if (stores.error) return <ErrorState onRetry={stores.retry} />;
  if (!stores.data) return <PageSpinner />;
  return (
    <div className="store-switch">
      <label htmlFor={selectId} className="store-switch__label">
        {t('console.storeSwitch')}
      </label>
      <select
        id={selectId}
        className="store-switch__select"
        value={current ?? ''}
        onChange={(event) => {
          if (event.target.value) navigate(section === 'dashboard' ? `/admin/${event.target.value}` : `/admin/${event.target.value}/${section}`);
        }}
      >
        {!current && <option value="">{t('console.pickStore')}</option>}
        {stores.data.map((store) => (
          <option key={store.slug} value={store.slug}>
            {store.name}
          </option>
        ))}
      </select>
    </div>
  );
}

