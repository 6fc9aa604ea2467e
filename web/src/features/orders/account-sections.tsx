import { Link } from 'wouter';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import { sharePath } from '../configurator/configurations.api';
import { fetchMyConfigurations, formatOrderTime, orderPaths } from './orders.api';

/** The account page's way to the buyer's orders. */
export function MyOrdersLink() {
  const t = useT();
  return (
    <Link href={orderPaths.mine()} className="panel panel--row orders-link">
      <span className="panel__title">{t('orders.mine.link')}</span>
      <span aria-hidden="true">›</span>
    </Link>
  );
}

/** The configurations the buyer saved while signed in: reopen one, or reserve it. */
export function SavedConfigurationsSection() {
  const t = useT();
  const { locale } = useLocale();
  const list = useRequest((signal) => fetchMyConfigurations(locale, signal), [locale]);
  const saved = list.data?.configurations ?? [];
  return (
    <section className="panel orders-saved" aria-labelledby="saved-configurations">
      <h2 className="panel__title" id="saved-configurations">
        {t('myConfigurations.title')}
      </h2>
      {list.error ? (
        <p className="form-message form-message--error" role="alert">
          {t('state.errorTitle')}{' '}
          <button type="button" className="button button--quiet button--small" onClick={list.retry}>
            {t('state.retry')}
          </button>
        </p>
      ) : list.data && saved.length === 0 ? (
        <p className="empty-note">{t('myConfigurations.empty')}</p>
      ) : (
        <ul className="orders-saved__list">
          {saved.map((configuration) => (
            <li key={configuration.code} className="orders-saved__item" data-testid="saved-configuration">
              <div className="orders-saved__text">
                <p className="orders-saved__name">
                  {configuration.model.name} · {configuration.trim.name}
                </p>
                <p className="orders-saved__meta">
                  {configuration.code} · {formatMoney(configuration.price.vehicle, locale)} · {formatOrderTime(configuration.createdAt, locale)}
                </p>
              </div>
              <div className="orders-saved__actions">
                <Link href={sharePath(configuration.store, configuration.code)} className="button button--secondary button--small">
                  {t('myConfigurations.open')}
                </Link>
                <Link href={orderPaths.checkoutForConfiguration(configuration.store, configuration.code)} className="button button--primary button--small">
                  {t('myConfigurations.reserve')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
