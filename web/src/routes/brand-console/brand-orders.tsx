import { useEffect, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { ApiError, isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { cancelStoreOrder, fetchStoreOrder, fetchStoreOrders, type StaffOrder } from '../../features/orders/order-console.api';
import { CancelOrderPanel, OrderFacts, OrderHistory, OrderQueue } from '../../features/orders/order-console.views';
import { useLocale, useT } from '../../i18n/i18n-context';
import { ErrorState, LoadingState } from '../../ui/request-states';

export function brandOrderPath(store: string, id?: string): string {
  return id ? `/admin/${store}?order=${encodeURIComponent(id)}` : `/admin/${store}`;
}

/**
 * The brand's view of its store's orders across every dealer: read only, but for calling an
 * order off (everything paid is refunded). One order opens at /admin/{store}?order=….
 */
export function BrandOrders({ store }: { store: string }) {
  const { locale } = useLocale();
  const id = new URLSearchParams(useSearch()).get('order');
  if (id) return <BrandOrderDetail store={store} id={id} />;
  return (
    <div className="brand-orders">
      <OrderQueue
        load={(query, signal) => fetchStoreOrders(store, query, locale, signal)}
        deps={[store, locale]}
        hrefOf={(order) => brandOrderPath(store, order.id)}
        showDealer
      />
    </div>
  );
}

function BrandOrderDetail({ store, id }: { store: string; id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const loaded = useRequest((signal) => fetchStoreOrder(store, id, locale, signal), [store, id, locale]);
  const [updated, setUpdated] = useState<StaffOrder | null>(null);
  useEffect(() => setUpdated(null), [loaded.data]);
  const order = updated ?? loaded.data;

  const back = (
    <Link href={brandOrderPath(store)} className="oq-back">
      ← {t('orderConsole.back')}
    </Link>
  );
  if (isNotFound(loaded.error) || (loaded.error instanceof ApiError && loaded.error.status === 400)) {
    return (
      <>
        {back}
        <section className="notice" role="alert">
          <h2 className="notice__title">{t('orderConsole.notFoundTitle')}</h2>
          <p className="notice__body">{t('orderConsole.notFoundBody')}</p>
        </section>
      </>
    );
  }
  if (loaded.error && !order) return <ErrorState onRetry={loaded.retry} />;
  if (!order) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  return (
    <div className="oq-detail brand-orders__detail">
      {back}
      <OrderFacts order={order} showDealer />
      {order.next.includes('cancelled') && (
        <CancelOrderPanel
          order={order}
          startLabel="orderConsole.cancel.brandStart"
          cancel={(reason) => cancelStoreOrder(store, order.id, reason, locale)}
          onCancelled={setUpdated}
        />
      )}
      <OrderHistory order={order} />
    </div>
  );
}
