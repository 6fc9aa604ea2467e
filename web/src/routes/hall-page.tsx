import { Link, useLocation, useSearch } from 'wouter';
import { firstViewKeys } from '../api/first-view';
import { useRequest } from '../api/use-request';
import { fetchMarketRange, storePaths, type MarketModel, type MarketRange, type StoreSummary } from '../features/catalog/catalog.api';
import { ModelCard, ModelCardSkeleton, ArrowIcon } from '../features/catalog/model-card';
import { NoMatch } from '../features/catalog/no-match';
import { RangeFilters } from '../features/catalog/range-filters';
import { hasFilters, parseRangeQuery, rangeSearch, toRangeFilters, type RangeQuery } from '../features/catalog/range-query';
import { storeColours } from '../features/stores/store-context';
import { StoreHero } from '../features/stores/store-hero';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState } from '../ui/request-states';
import { useDocumentTitle } from '../ui/use-document-title';

/**
 * `/` on a marketplace: every brand's store with its hero and range, and one search across them
 * all (body, NEV or powertrain, budget, text), kept in the address so a search can be shared.
 */
export function HallPage() {
  const t = useT();
  const { locale } = useLocale();
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = parseRangeQuery(search);
  const filtered = hasFilters(query);
  const queryKey = rangeSearch(query);
  useDocumentTitle(t('hall.title'));

  const all = useRequest((signal) => fetchMarketRange(locale, signal), [locale], firstViewKeys.hall(locale));
  const matches = useRequest(
    (signal) => (filtered ? fetchMarketRange(locale, signal, toRangeFilters(query)) : Promise.resolve(undefined)),
    [locale, queryKey],
  );
  const setQuery = (next: RangeQuery) => navigate(`/${rangeSearch(next)}`, { replace: true });
  const error = all.error ?? matches.error;
  const retry = () => {
    all.retry();
    matches.retry();
  };

  return (
    <StoreLayout>
      <section className="hall-intro" aria-labelledby="hall-title">
        <h1 className="hall-intro__title" id="hall-title">
          {t('hall.title')}
        </h1>
        <p className="hall-intro__body">{t('hall.subtitle')}</p>
      </section>
      {error ? (
        <ErrorState onRetry={retry} />
      ) : all.data ? (
        <>
          <RangeFilters query={query} range={all.data.models} onChange={setQuery} offerNev />
          {filtered ? (
            <SearchResults market={all.data} matches={matches.data} loading={matches.isLoading} onClear={() => setQuery({})} />
          ) : (
            <Stores market={all.data} />
          )}
        </>
      ) : (
        <LoadingState>
          <div className="hero hero--skeleton" />
          <div className="model-grid">
            <ModelCardSkeleton />
          </div>
        </LoadingState>
      )}
    </StoreLayout>
  );
}

/** Each store in turn: its hero in its own colours, then its range. */
function Stores({ market }: { market: MarketRange }) {
  const t = useT();
  if (market.stores.length === 0) return <p className="empty-note">{t('hall.noStores')}</p>;
  return (
    <div className="hall-stores">
      {market.stores.map((store) => (
        <StoreSection key={store.slug} store={store} models={market.models.filter((model) => model.store === store.slug)} />
      ))}
    </div>
  );
}

function StoreSection({ store, models, headingLevel = 'hero' }: { store: StoreSummary; models: MarketModel[]; headingLevel?: 'hero' | 'compact' }) {
  const t = useT();
  const home = storePaths.home(store.slug);
  return (
    // The store's colours apply to its own section only (CSS custom properties set through the CSSOM).
    // Its hero names it as a region; the compact heading of a search result names the group.
    <section className="hall-store store-frame" style={storeColours(store)} aria-label={headingLevel === 'compact' ? store.name : undefined}>
      {headingLevel === 'hero' ? (
        <StoreHero name={store.name} tagline={store.tagline} looks={store} href={home} />
      ) : (
        <h3 className="hall-store__name">
          {store.branding?.mark && (
            <span className="store-mark" aria-hidden="true">
              {store.branding.mark}
            </span>
          )}
          <Link href={home}>{store.name}</Link>
        </h3>
      )}
      {models.length > 0 && (
        <ul className="model-grid">
          {models.map((model) => (
            <li key={model.slug}>
              <ModelCard model={model} href={storePaths.model(store.slug, model.slug)} />
            </li>
          ))}
        </ul>
      )}
      <Link href={home} className="button button--secondary button--block hall-store__enter">
        {t('hall.enterStore', { store: store.brand })}
        <ArrowIcon />
      </Link>
    </section>
  );
}

/** What matched, grouped by the store that sells it, in the hall's order of stores. */
function SearchResults({
  market,
  matches,
  loading,
  onClear,
}: {
  market: MarketRange;
  matches: MarketRange | undefined;
  loading: boolean;
  onClear(): void;
}) {
  const t = useT();
  const groups = matches
    ? market.stores
        .map((store) => ({ store, models: matches.models.filter((model) => model.store === store.slug) }))
        .filter((group) => group.models.length > 0)
    : [];
  return (
    <section className="range" aria-labelledby="results-title" aria-busy={loading || undefined}>
      <div className="section-heading">
        <h2 id="results-title">{t('hall.resultsTitle')}</h2>
        {matches && (
          <p className="section-heading__meta" role="status">
            {t('hall.resultCount', { count: matches.models.length, stores: groups.length })}
          </p>
        )}
      </div>
      {!matches ? (
        <div className="model-grid" aria-hidden="true">
          <ModelCardSkeleton />
        </div>
      ) : groups.length === 0 ? (
        <NoMatch onClear={onClear} />
      ) : (
        <div className={loading ? 'hall-stores model-grid--stale' : 'hall-stores'}>
          {groups.map(({ store, models }) => (
            <StoreSection key={store.slug} store={store} models={models} headingLevel="compact" />
          ))}
        </div>
      )}
    </section>
  );
}
