import { useEffect } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { useRequest } from '../api/use-request';
import { fetchModel, type ModelDetail } from '../features/catalog/catalog.api';
import { CarPlaceholder } from '../features/catalog/car-placeholder';
import { ArrowIcon } from '../features/catalog/model-card';
import { PowertrainBadges } from '../features/catalog/model-badges';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { Price } from '../ui/price';
import { ErrorState, LoadingState } from '../ui/request-states';

/** A model and its trims with prices: the configurator will grow from here. */
export function ModelPage({ slug }: { slug: string }) {
  const { locale } = useLocale();
  const model = useRequest((signal) => fetchModel(slug, locale, signal), [slug, locale]);

  useEffect(() => {
    if (model.data) document.title = model.data.name;
  }, [model.data]);

  return (
    <StoreLayout>
      <BackToRange />
      {isNotFound(model.error) ? (
        <ModelNotFound />
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
  return (
    <Link href="/" className="back-link">
      <span className="back-link__icon" aria-hidden="true">
        <ArrowIcon />
      </span>
      {t('modelPage.back')}
    </Link>
  );
}

function ModelOverview({ model }: { model: ModelDetail }) {
  const t = useT();
  const firstPaint = model.optionGroups.find((group) => group.code === 'paint')?.options[0]?.swatch ?? null;
  return (
    <>
      <section className="model-hero" aria-labelledby="model-name">
        <div className="model-hero__stage">
          <CarPlaceholder body={model.body} paint={firstPaint} label={t('model.picture', { name: model.name })} />
        </div>
        <div className="model-hero__text">
          <PowertrainBadges powertrain={model.powertrain} nev={model.nev} />
          <h1 className="model-hero__name" id="model-name">
            {model.name}
          </h1>
          <p className="model-hero__tagline">{model.tagline}</p>
        </div>
      </section>
      <section className="trims" aria-labelledby="trims-title">
        <div className="section-heading">
          <h2 id="trims-title">{t('modelPage.trimsTitle')}</h2>
          <p className="section-heading__meta">{t('model.trims', { count: model.trims.length })}</p>
        </div>
        <ul className="trim-list">
          {model.trims.map((trim) => (
            <li key={trim.code} className="trim">
              <div className="trim__text">
                <h3 className="trim__name">{trim.name}</h3>
                <p className="trim__engine">{trim.engine}</p>
              </div>
              <p className="trim__price">
                <Price money={trim.price} className="trim__amount" />
                {trim.priceIsEstimate && <span className="trim__estimate">{t('model.estimate')}</span>}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function ModelNotFound() {
  const t = useT();
  return (
    <div className="notice" role="alert">
      <h1 className="notice__title">{t('modelPage.notFoundTitle')}</h1>
      <p className="notice__body">{t('modelPage.notFoundBody')}</p>
      <Link href="/" className="button button--primary">
        {t('modelPage.back')}
      </Link>
    </div>
  );
}
