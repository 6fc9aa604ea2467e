import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { DEALER_SERVICES, dealerPaths, openingToday, type DealerCard } from './dealers.api';

// Small pieces the dealer finder and the dealer page share.

/** Open or closed right now in Asia/Shanghai, and today's hours. */
export function OpenToday({ dealer }: { dealer: DealerCard }) {
  const t = useT();
  const today = openingToday(dealer);
  if (!today) return <p className="dealer-hours">{t('dealers.noHours')}</p>;
  const { open, close } = today.today;
  return (
    <p className="dealer-hours">
      <span className={today.open ? 'dealer-hours__state dealer-hours__state--open' : 'dealer-hours__state'}>
        {today.open ? t('dealers.openNow') : t('dealers.closedNow')}
      </span>
      {open && close ? t('dealers.hoursToday', { open, close }) : t('dealers.closedToday')}
    </p>
  );
}

export function ServiceList({ services }: { services: string[] }) {
  const t = useT();
  return (
    <ul className="dealer-services" aria-label={t('dealers.services')}>
      {DEALER_SERVICES.filter((name) => services.includes(name)).map((name) => (
        <li key={name} className="badge badge--muted">
          {t(`dealers.service.${name}`)}
        </li>
      ))}
    </ul>
  );
}

export function PhoneIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path
        d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"
        fill="currentColor"
      />
    </svg>
  );
}

/** The storefront's way to the dealer finder: one line under a page's main content. */
export function FindDealerLink({ store }: { store: string }) {
  const t = useT();
  return (
    <p className="find-dealer-link">
      <Link href={dealerPaths.finder(store)}>{t('dealers.findLink')}</Link>
    </p>
  );
}
