import { useEffect, useId, useState, type ComponentType } from 'react';
import { Link, Redirect, useLocation } from 'wouter';
import { api, dataOf, isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { RequireAccount } from '../../features/accounts/require-account';
import { CONSOLE_ROLES } from '../../features/accounts/roles';
import { useAccount } from '../../features/accounts/session-context';
import { fetchStores, isStoreSlug } from '../../features/catalog/catalog.api';
import { dealerAdminPaths } from '../../features/dealers-admin/dealers-admin.api';
import { ownDealer, ownStoreSlug } from '../../features/stores/own-store';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { ConsoleLayout } from '../../ui/console-layout';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { useCurrentTabInView } from '../../ui/use-current-tab-in-view';
import { CalendarSection } from './calendar-section';
import { dealerConsolePath, DEALER_SECTIONS, isDealerSection, type DealerPlace, type DealerSection } from './dealer-place';
import { LeadsSection } from './leads-section';
import { NotificationsSection } from './notifications-section';
import { OrdersSection } from './orders-section';
import { ProfileSection } from './profile-section';
import { StockSection } from './stock-section';
import { VouchersSection } from './vouchers-section';
import '../../ui/console-pages.css';
import './dealer-console.css';

const SECTIONS: Record<DealerSection, { label: MessageKey; component: ComponentType<{ place: DealerPlace }> }> = {
  calendar: { label: 'dealerConsole.section.calendar', component: CalendarSection },
  stock: { label: 'dealerConsole.section.stock', component: StockSection },
  leads: { label: 'dealerConsole.section.leads', component: LeadsSection },
  orders: { label: 'orderConsole.nav', component: OrdersSection },
  vouchers: { label: 'vouchers.counter.nav', component: VouchersSection },
  profile: { label: 'dealerConsole.section.profile', component: ProfileSection },
  notifications: { label: 'dealerConsole.section.notifications', component: NotificationsSection },
};

/**
 * /dealer: staff go on to their own dealer; a brand admin picks one of their store's dealers,
 * a platform admin a store first. Every section lives at /dealer/{store}/{dealer}/{section}, so
 * a page can be bookmarked and shared between colleagues.
 */
export function DealerConsoleHome() {
  return (
    <RequireAccount roles={CONSOLE_ROLES.dealer} pageName="nav.dealer" frame={ConsoleLayout}>
      <DealerLanding />
    </RequireAccount>
  );
}

export function DealerConsoleSection({ store, dealer, section }: { store: string; dealer: string; section: string }) {
  return (
    <RequireAccount roles={CONSOLE_ROLES.dealer} pageName="nav.dealer" frame={ConsoleLayout}>
      <DealerWorkspace place={{ store, dealer }} section={section} />
    </RequireAccount>
  );
}

function DealerLanding() {
  const account = useAccount();
  const own = account.role === 'dealer_staff' ? ownDealer(account) : null;
  if (own) return <Redirect to={dealerConsolePath(own, 'calendar')} replace />;
  return <DealerPicker />;
}

function DealerWorkspace({ place, section }: { place: DealerPlace; section: string }) {
  const t = useT();
  const { locale } = useLocale();
  const account = useAccount();
  const own = account.role === 'dealer_staff' ? ownDealer(account) : null;
  const valid = isStoreSlug(place.store) && isStoreSlug(place.dealer);
  const dealer = useRequest(
    (signal) =>
      valid
        ? dataOf(api.GET('/api/v1/dealer/stores/{store}/dealers/{dealer}', { params: { path: place, query: { locale } }, signal }))
        : Promise.resolve(undefined),
    [place.store, place.dealer, locale],
  );
  const title = dealer.data ? `${dealer.data.name} · ${t(SECTIONS[isDealerSection(section) ? section : 'calendar'].label)}` : t('console.dealer.title');
  useEffect(() => {
    document.title = `${title} · Vitrine`;
  }, [title]);
  const tabs = useCurrentTabInView(section);

  // Staff work at one dealer: another dealer's address is answered by the server with a 403 anyway.
  if (own && (own.store !== place.store || own.dealer !== place.dealer)) {
    return <Redirect to={dealerConsolePath(own, isDealerSection(section) ? section : 'calendar')} replace />;
  }
  if (!isDealerSection(section)) return <Redirect to={dealerConsolePath(place, 'calendar')} replace />;
  if (!valid || isNotFound(dealer.error)) {
    return (
      <section className="notice" role="alert">
        <h1 className="notice__title">{t('dealerConsole.unknownTitle')}</h1>
        <p className="notice__body">{t('dealerConsole.unknownBody')}</p>
        <Link href="/dealer" className="button button--primary">
          {t('dealerConsole.pickAnother')}
        </Link>
      </section>
    );
  }
  if (dealer.error) return <ErrorState onRetry={dealer.retry} />;
  const Section = SECTIONS[section].component;
  return (
    <>
      <header className="console-header">
        <h1 className="console-header__title">{t('console.dealer.title')}</h1>
        <p className="console-header__store">{dealer.data ? `${dealer.data.name} · ${dealer.data.city}` : '\u00a0'}</p>
        {!own && (
          <Link href="/dealer" className="console-header__switch">
            {t('dealerConsole.pickAnother')}
          </Link>
        )}
      </header>
      <nav className="subnav dealer-tabs" aria-label={t('console.dealer.title')}>
        <ul className="subnav__list" ref={tabs}>
          {DEALER_SECTIONS.map((name) => (
            <li key={name}>
              <Link href={dealerConsolePath(place, name)} className="subnav__link" aria-current={name === section ? 'page' : undefined}>
                {t(SECTIONS[name].label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Section place={place} />
    </>
  );
}

/** A brand admin's (or platform admin's) choice of the dealer to work on. */
function DealerPicker() {
  const t = useT();
  const { locale } = useLocale();
  const account = useAccount();
  const [, navigate] = useLocation();
  const storeSelectId = useId();
  const dealerSelectId = useId();
  const isPlatform = account.role === 'platform_admin';
  const [store, setStore] = useState<string | null>(isPlatform ? null : ownStoreSlug(account));
  const stores = useRequest((signal) => (isPlatform ? fetchStores(locale, signal) : Promise.resolve([])), [isPlatform, locale]);
  const dealers = useRequest(
    (signal) =>
      store
        ? dataOf(api.GET('/api/v1/stores/{store}/dealers', { params: { path: { store }, query: { locale, limit: 100 } }, signal }))
        : Promise.resolve(undefined),
    [store, locale],
  );
  useEffect(() => {
    document.title = `${t('console.dealer.title')} · Vitrine`;
  }, [t]);

  return (
    <>
      <header className="console-header">
        <h1 className="console-header__title">{t('console.dealer.title')}</h1>
        <p className="console-header__subtitle">{t('dealerConsole.pickDealer')}</p>
      </header>
      {isPlatform && (
        <div className="store-switch">
          <label htmlFor={storeSelectId} className="store-switch__label">
            {t('console.storeSwitch')}
          </label>
          {stores.error ? (
            <ErrorState onRetry={stores.retry} />
          ) : (
            <select id={storeSelectId} className="store-switch__select" value={store ?? ''} onChange={(event) => setStore(event.target.value || null)}>
              <option value="">{t('console.pickStore')}</option>
              {(stores.data ?? []).map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {!store && !isPlatform && <p className="notice__body">{t('console.noStore')}</p>}
      {store &&
        (dealers.error ? (
          <ErrorState onRetry={dealers.retry} />
        ) : !dealers.data ? (
          <LoadingState>
            <div className="page-spinner" />
          </LoadingState>
        ) : (
          <div className="store-switch">
            <label htmlFor={dealerSelectId} className="store-switch__label">
              {t('dealerConsole.dealer')}
            </label>
            <select
              id={dealerSelectId}
              className="store-switch__select"
              value=""
              onChange={(event) => {
                if (event.target.value) navigate(dealerConsolePath({ store, dealer: event.target.value }, 'calendar'));
              }}
            >
              <option value="">{t('dealerConsole.pickDealer')}</option>
              {dealers.data.dealers.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name} · {option.city.name}
                </option>
              ))}
            </select>
            {/* The locator's first page: a switched-off dealer, or one beyond it, opens from its page in the brand console. */}
            <p className="fine-print">
              <Link href={dealerAdminPaths.list(store)}>{t('dealerConsole.allDealers')}</Link>
            </p>
          </div>
        ))}
    </>
  );
}
