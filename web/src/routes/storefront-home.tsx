import { useEffect } from 'react';
import { useLocation, useSearch } from 'wouter';
import { isNotFound } from '../api/client';
import { firstViewKeys } from '../api/first-view';
import { useRequest } from '../api/use-request';
import { fetchRange, storePaths, type ModelRange, type StoreSummary } from '../features/catalog/catalog.api';
import { CampaignTeaser } from '../features/campaigns/campaign-teaser';
import { ModelCard, ModelCardSkeleton } from '../features/catalog/model-card';
import { RangeFilters } from '../features/catalog/range-filters';
import { NoMatch } from '../features/catalog/no-match';
import { hasFilters, parseRangeQuery, rangeSearch, toRangeFilters, type RangeQuery } from '../features/catalog/range-query';
import { useLocale, useT } from '../i18n/i18n-context';
import { FindDealerLink } from '../features/dealers/dealer-bits';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';
import { useStore } from '../features/stores/store-context';
import { StoreHero } from '../features/stores/store-hero';
import { VoucherTeaser } from '../features/vouchers/voucher-teaser';
import { StoreNotFound } from './not-found';

/** A store's home: its hero and its range, filtered from the address. */
export function StorefrontHome() {
  const { locale } = useLocale();
  const { slug, summary } = useStore();
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = parseRangeQuery(search);
  const filtered = hasFilters(query);
  const queryKey = rangeSearch(query);

  // The whole range names the store and says which filters make sense; the filtered one is the list.
  const range = useRequest((signal) => fetchRange(slug, locale, signal), [slug, locale], firstViewKeys.range(slug, locale));
  const matches = useRequest(
    (signal) => (filtered ? fetchRange(slug, locale, signal, toRangeFilters(query)) : Promise.resolve(undefined)),
    [slug, locale, queryKey],
  );

  useEffect(() => {
    if (range.data) document.title = range.data.store.name;
  }, [range.data]);

  // Filters replace the address rather than push it: the back button leaves the range, as it should.
  const setQuery = (next: RangeQuery) => navigate(`${window.location.pathname}${rangeSearch(next)}`, { replace: true });
  const error = range.error ?? matches.error;
  const retry = () => {
    range.retry();
    matches.retry();
  };

  if (isNotFound(summary.error) || isNotFound(range.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      {error ? (
        <ErrorState onRetry={retry} />
      ) : range.data && range.data.store.slug === slug ? (
        <Range
          store={summary.data}
          range={range.data}
          models={filtered ? matches.data?.models : range.data.models}
          loading={filtered && matches.isLoading}
          query={query}
          onQuery={setQuery}
        />
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

function Range({
  store: looks,
  range,
  models,
  loading,
  query,
  onQuery,
}: {
  /** The store's summary, for its hero; the range's own store names it until that arrives. */
  store: StoreSummary | undefined;
  range: ModelRange;
  /** The models to list; undefined while the first filtered answer is on its way. */
  models: ModelRange['models'] | undefined;
  loading: boolean;
  query: RangeQuery;
  onQuery(next: RangeQuery): void;
}) {
  const t = useT();
  const { store } = range;
  return (
    <>
      <StoreHero name={store.name} tagline={store.tagline} looks={looks} />
      <CampaignTeaser store={store.slug} />
      <VoucherTeaser store={store.slug} />
      <RangeFilters query={query} range={range.models} onChange={onQuery} />
      <section className="range" aria-labelledby="range-title" aria-busy={loading || undefined}>
        <div className="section-heading">
          <h2 id="range-title">{t('home.rangeTitle')}</h2>
          {models && (
            <p className="section-heading__meta" role="status">
              {t('home.modelCount', { count: models.length })}
            </p>
          )}
        </div>
        {!models ? (
          <div className="model-grid" aria-hidden="true">
            <ModelCardSkeleton />
          </div>
        ) : models.length === 0 ? (
          hasFilters(query) ? (
            <NoMatch onClear={() => onQuery({})} />
          ) : (
            <p className="empty-note">{t('home.empty')}</p>
          )
        ) : (
          <ul className={loading ? 'model-grid model-grid--stale' : 'model-grid'}>
            {models.map((model) => (
              <li key={model.slug}>
                <ModelCard model={model} href={storePaths.model(range.store.slug, model.slug)} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <FindDealerLink store={range.store.slug} />
    </>
  );
}
