import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';

/*
 * What the store home's voucher card needs, and nothing more: it is part of the first view, so
 * it must not bring the voucher pages' code and messages along (vouchers.api.ts has the rest).
 */

export type VoucherOffer = paths['/api/v1/stores/{store}/voucher-offers/{offer}']['get']['responses'][200]['content']['application/json'];
export type OfferState = VoucherOffer['state'];

export const voucherPaths = {
  offer: (store: string, offer: string) => `/${store}/vouchers/${encodeURIComponent(offer)}`,
  mine: () => '/account/vouchers',
  voucher: (id: string) => `/account/vouchers/${encodeURIComponent(id)}`,
  admin: (store: string) => `/admin/${store}/vouchers`,
};

export const OFFER_STATE_LABEL: Record<OfferState, MessageKey> = {
  upcoming: 'vouchers.state.upcoming',
  on_sale: 'vouchers.state.on_sale',
  sold_out: 'vouchers.state.sold_out',
  ended: 'vouchers.state.ended',
};

export function fetchOffers(store: string, locale: Locale, signal: AbortSignal): Promise<VoucherOffer[]> {
  return dataOf(api.GET('/api/v1/stores/{store}/voucher-offers', { params: { path: { store }, query: { locale } }, signal })).then((answer) => answer.offers);
}
