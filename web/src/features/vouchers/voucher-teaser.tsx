import { Link } from 'wouter';
import { firstViewKeys } from '../../api/first-view';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import { fetchOffers, OFFER_STATE_LABEL, voucherPaths } from './voucher-offers.api';

/** A store home's card for its dealer voucher on sale (or to come); nothing when there is none, or if it cannot be read. */
export function VoucherTeaser({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const list = useRequest((signal) => fetchOffers(store, locale, signal).then((offers) => ({ offers })), [store, locale], firstViewKeys.voucherOffers(store, locale), {
    refreshFirstView: true,
  });
  const offers = list.data?.offers ?? [];
  const offer = offers.find((candidate) => candidate.state === 'on_sale') ?? offers.find((candidate) => candidate.state === 'upcoming');
  if (!offer) return null;
  return (
    <Link href={voucherPaths.offer(store, offer.slug)} className="campaign-teaser voucher-teaser" data-testid="voucher-teaser" data-state={offer.state}>
      <span className="campaign-teaser__eyebrow">{t('vouchers.eyebrow')}</span>
      <strong className="campaign-teaser__name">{offer.name}</strong>
      <span className="campaign-teaser__price">{t('vouchers.teaser.worth', { price: formatMoney(offer.price, locale), value: formatMoney(offer.value, locale) })}</span>
      <span className="campaign-teaser__status">{t(OFFER_STATE_LABEL[offer.state])}</span>
      <span className="campaign-teaser__open">{t('vouchers.teaser.open')} →</span>
    </Link>
  );
}
