import { useEffect, useId } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { fetchModel, storePaths } from '../features/catalog/catalog.api';
import { useStore } from '../features/stores/store-context';
import { StoreNotFound } from './not-found';
import { isNotFound } from '../api/client';
import { CarPlaceholder } from '../features/catalog/car-placeholder';
import { ArrowIcon } from '../features/catalog/model-card';
import { PowertrainBadges } from '../features/catalog/model-badges';
import { fetchConfiguration, normalizeCode, type SavedConfiguration } from '../features/configurator/configurations.api';
import { configuratorHref } from '../features/configurator/configurator-url';
import { ContactMe } from '../features/leads/contact-me';
import { ConfigurationList, OnTheRoad } from '../features/configurator/price-breakdown';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { Price } from '../ui/price';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import { dateTimeFormat } from '../i18n/intl-formats';
import '../features/configurator/configurator.css';

/**
 * /:store/c/:code: a configuration someone saved, exactly as it was priced, in the reader's language.
 * The model's current catalog only lends the drawing its paint colour.
 */
export function SharedConfigurationPage({ code }: { code: string }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const normalized = normalizeCode(code);
  const saved = useRequest((signal) => fetchConfiguration(store.slug, normalized, locale, signal), [store.slug, normalized, locale]);

  useEffect(() => {
    if (saved.data) document.title = t('shared.documentTitle', { model: saved.data.model.name, code: saved.data.code });
  }, [saved.data, t]);

  // A malformed code is refused as 400 before any lookup: for the reader it is just as unknown.
  const unknown = saved.error instanceof ApiError && (saved.error.status === 404 || saved.error.status === 400);
  if (isNotFound(store.summary.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      {unknown ? (
        <NotFoundState title={t('shared.notFoundTitle')} body={t('shared.notFoundBody', { code: normalized })} />
      ) : saved.error ? (
        <ErrorState onRetry={saved.retry} />
      ) : saved.data && saved.data.code === normalized ? (
        <SharedConfiguration saved={saved.data} />
      ) : (
        <LoadingState>
          <div className="model-hero model-hero--skeleton" />
        </LoadingState>
      )}
    </StoreLayout>
  );
}

function SharedConfiguration({ saved }: { saved: SavedConfiguration }) {
  const t = useT();
  const { locale } = useLocale();
  const { slug: store } = useStore();
  const specId = useId();
  const estimateId = useId();
  const model = useRequest((signal) => fetchModel(store, saved.model.slug, locale, signal), [store, saved.model.slug, locale]);
  const detail = model.data?.slug === saved.model.slug ? model.data : undefined;

  const fitted = new Set(saved.options.map((option) => option.code));
  const paint = detail?.optionGroups
    .find((group) => group.code === 'paint')
    ?.options.find((option) => fitted.has(option.code));
  const paintName = saved.options.find((option) => option.group === 'paint')?.name;
  const savedOn = dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date(saved.createdAt));

  return (
    <div className="shared">
      <section className="model-hero" aria-labelledby="shared-model">
        <div className="model-hero__stage">
          <CarPlaceholder body={detail?.body ?? 'suv'} paint={paint?.swatch ?? null} label={t('model.picture', { name: saved.model.name })} />
        </div>
        <div className="model-hero__text">
          {detail && <PowertrainBadges powertrain={detail.powertrain} nev={detail.nev} />}
          <p className="shared__code">{t('shared.code', { code: saved.code })}</p>
          <h1 className="model-hero__name" id="shared-model">
            {saved.model.name}
          </h1>
          <p className="shared__trim">{[saved.trim.name, paintName].filter(Boolean).join(' · ')}</p>
          <p className="shared__price">
            <span className="shared__price-label">{t('configurator.listPrice')}</span>
            <span className="shared__price-amount">
              {/* Saved prices never change: the figure is the one the server kept. */}
              <Price money={saved.price.list} />
            </span>
          </p>
          <Link
            href={configuratorHref(store, saved.model.slug, saved.selection)}
            className="button button--primary button--block"
          >
            {t('shared.configure')}
            <ArrowIcon />
          </Link>
          <Link href={storePaths.model(store, saved.model.slug)} className="button button--quiet button--block">
            {t('shared.seeModel', { model: saved.model.name })}
          </Link>
          <ContactMe configuration={saved.code} />
        </div>
      </section>

      <section className="card" aria-labelledby={specId}>
        <h2 className="card__title" id={specId}>
          {t('shared.specTitle')}
        </h2>
        <ConfigurationList trim={{ name: saved.trim.name, price: saved.price.trim }} lines={saved.options} titleId={specId} />
      </section>

      <section className="card" aria-labelledby={estimateId}>
        <h2 className="card__title" id={estimateId}>
          {t('summary.estimateTitle')}
        </h2>
        <OnTheRoad figures={saved.price} nev={detail?.nev ?? false} titleId={estimateId} />
        <p className="fine-print">{t('shared.savedNote', { date: savedOn })}</p>
      </section>
    </div>
  );
}
