import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { firstViewKeys } from '../api/first-view';
import { useRequest } from '../api/use-request';
import { useModelViewBeacon } from '../features/analytics/model-view-beacon';
import { fetchModel, storePaths, type ModelDetail } from '../features/catalog/catalog.api';
import { useStore } from '../features/stores/store-context';
import { StoreNotFound } from './not-found';
import { CarPlaceholder } from '../features/catalog/car-placeholder';
import { ArrowIcon } from '../features/catalog/model-card';
import { PowertrainBadges } from '../features/catalog/model-badges';
import { TrimComparison } from '../features/catalog/trim-comparison';
import { TrimSpecs } from '../features/catalog/trim-specs';
import { FindDealerLink } from '../features/dealers/dealer-bits';
import { BookTestDriveLink } from '../features/test-drives/test-drive-links';
import { InStockNearYou } from '../features/stock/in-stock-near-you';
import { configuratorHref } from '../features/configurator/configurator-url';
import { ContactMe } from '../features/leads/contact-me';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';

/** A model: its drawing in each paint, and its trims compared side by side, each a way into the configurator. */
export function ModelPage({ slug }: { slug: string }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const model = useRequest((signal) => fetchModel(store.slug, slug, locale, signal), [store.slug, slug, locale], firstViewKeys.model(store.slug, slug, locale));

  useEffect(() => {
    if (model.data) document.title = model.data.name;
  }, [model.data]);
  useModelViewBeacon(store.slug, model.data?.slug === slug ? slug : undefined);

  if (isNotFound(store.summary.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      <BackToRange />
      {isNotFound(model.error) ? (
        <NotFoundState title={t('modelPage.notFoundTitle')} body={t('modelPage.notFoundBody')} />
      ) : model.error ? (
        <ErrorState onRetry={model.retry} />
      ) : model.data && model.data.slug === slug ? (
        <ModelOverview model={model.data} />
      ) : (
        <LoadingState>
          <div className="model-hero model-hero--skeleton" />
        </LoadingState>
      )}
    </StoreLayout>
  );
}

function BackToRange() {
  const t = useT();
  const { slug } = useStore();
  return (
    <Link href={storePaths.home(slug)} className="back-link">
      <span className="back-link__icon" aria-hidden="true">
        <ArrowIcon />
      </span>
      {t('modelPage.back')}
    </Link>
  );
}

function ModelOverview({ model }: { model: ModelDetail }) {
  const t = useT();
  const store = useStore();
  const paints = model.optionGroups.find((group) => group.code === 'paint');
  const [paintCode, setPaintCode] = useState<string | undefined>(undefined);
  const paint = paints?.options.find((option) => option.code === paintCode) ?? paints?.options[0];
  // The colour tried on here comes along to the configurator, unless it is that trim's standard one.
  const configureHref = (trim: ModelDetail['trims'][number]) => {
    const picks = paint && paintCode && paint.availability[trim.code] !== 'standard' ? [paint.code] : [];
    return configuratorHref(store.slug, model.slug, { trim: trim.code, options: picks });
  };
  return (
    <>
      <section className="model-hero" aria-labelledby="model-name">
        <div className="model-hero__stage">
          <CarPlaceholder body={model.body} paint={paint?.swatch ?? null} label={t('model.picture', { name: model.name })} />
        </div>
        <div className="model-hero__text">
          <PowertrainBadges powertrain={model.powertrain} nev={model.nev} />
          <h1 className="model-hero__name" id="model-name">
            {model.name}
          </h1>
          <p className="model-hero__tagline">{model.tagline}</p>
          {/* The count arrives after the page: its line keeps its room, so nothing below moves. */}
          <div className="model-hero__stock">
            <InStockNearYou model={model.slug} />
          </div>
          {paints && paint && (
            <div className="paint-preview">
              <div className="paint-preview__swatches" role="group" aria-label={paints.name}>
                {paints.options.map((option) => (
                  <button
                    key={option.code}
                    type="button"
                    className="swatch-button"
                    aria-pressed={option.code === paint.code}
                    aria-label={option.name}
                    title={option.name}
                    onClick={() => setPaintCode(option.code)}
                  >
                    <span className="swatch" style={{ background: option.swatch ?? undefined }} />
                  </button>
                ))}
              </div>
              <p className="paint-preview__name" aria-live="polite">
                {paint.name}
              </p>
            </div>
          )}
          <BookTestDriveLink store={store.slug} model={model.slug} />
          <ContactMe model={model.slug} />
        </div>
      </section>
      <section className="trims" aria-labelledby="trims-title">
        <div className="section-heading">
          <h2 id="trims-title">{t('modelPage.trimsTitle')}</h2>
          <p className="section-heading__meta">{t('model.trims', { count: model.trims.length })}</p>
        </div>
        {model.trims.length > 2 && <p className="compare-hint">{t('modelPage.compareHint')}</p>}
        <TrimComparison model={model} configureHref={configureHref} />
      </section>
      <TrimSpecs model={model} />
      <FindDealerLink store={store.slug} />
    </>
  );
}
