import { Link } from 'wouter';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { useStore } from '../stores/store-context';
import { rememberedPosition, searchStock, stockHref } from './stock.api';

/**
 * "N in stock near you": a link to the stock page for a model, or for a saved configuration.
 * Near the buyer when they shared their position on the stock page, else across the store.
 * Shows nothing while loading, on error, or when nothing is in stock.
 */
export function InStockNearYou({ model, configuration }: { model: string; configuration?: string | undefined }) {
  const t = useT();
  const { locale } = useLocale();
  const store = useStore();
  const near = rememberedPosition();
  const found = useRequest(
    (signal) => searchStock(store.slug, { model, configuration, near, limit: 1 }, locale, signal),
    [store.slug, model, configuration, near, locale],
  );
  const data = found.data;
  if (!data || found.error) return null;
  const count = near && data.nearby !== null ? data.nearby : data.total;
  if (count === 0) return null;
  return (
    <Link href={stockHref(store.slug, { model, configuration, near })} className="in-stock-link" data-testid="in-stock-near-you">
      <span className="in-stock-link__dot" aria-hidden="true" />
      {t(near ? 'stock.inStockNear' : 'stock.inStock', { count })}
    </Link>
  );
}
