import { useEffect } from 'react';
import { useRequest } from '../api/use-request';
import { fetchRange, type ModelRange } from '../features/catalog/catalog.api';
import { ModelCard, ModelCardSkeleton } from '../features/catalog/model-card';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';

export function StorefrontHome() {
  const { locale } = useLocale();
  const range = useRequest((signal) => fetchRange(locale, signal), [locale]);

  useEffect(() => {
    if (range.data) document.title = range.data.store.name;
  }, [range.data]);

  return (
    <StoreLayout>
      {range.error ? (
        <ErrorState onRetry={range.retry} />
      ) : range.data ? (
        <Range range={range.data} />
      ) : (
        <LoadingState>
          <div className="hero hero--skeleton" />
          <div className="model-grid">
            <ModelCardSkeleton />
            <ModelCardSkeleton />
          </div>
        </LoadingState>
      )}
    </StoreLayout>
  );
}

function Range({ range }: { range: ModelRange }) {
  const t = useT();
  const { store, models } = range;
  return (
    <>
      <section className="hero" aria-labelledby="store-name">
        <h1 className="hero__title" id="store-name">
          {store.name}
        </h1>
        <p className="hero__tagline">{store.tagline}</p>
      </section>
      <section className="range" aria-labelledby="range-title">
        <div className="section-heading">
          <h2 id="range-title">{t('home.rangeTitle')}</h2>
          <p className="section-heading__meta">{t('home.modelCount', { count: models.length })}</p>
        </div>
        {models.length === 0 ? (
          <p className="empty-note">{t('home.empty')}</p>
        ) : (
          <ul className="model-grid">
            {models.map((model) => (
              <li key={model.slug}>
                <ModelCard model={model} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
