import { useSearch } from 'wouter';
import { cancelStoreOrder, fetchStoreOrder, fetchStoreOrders } from '../../features/orders/order-console.api';
import { CancelOrderPanel, OrderDetailFrame, OrderFacts, OrderHistory, OrderQueue } from '../../features/orders/order-console.views';
import { useLocale } from '../../i18n/i18n-context';

export function brandOrderPath(store: string, id?: string): string {
  return id ? `/admin/${store}/orders?order=${encodeURIComponent(id)}` : `/admin/${store}/orders`;
}

/**
 * The brand's view of its store's orders across every dealer: read only, but for calling an
 * order off (everything paid is refunded). One order opens at /admin/{store}/orders?order=….
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
  const { locale } = useLocale();
  return (
    <OrderDetailFrame load={(signal) => fetchStoreOrder(store, id, locale, signal)} deps={[store, id, locale]} backHref={brandOrderPath(store)}>
      {(order, setUpdated, back) => (
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
      )}
    </OrderDetailFrame>
  );
}
