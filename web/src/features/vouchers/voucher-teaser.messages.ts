import { defineMessages } from '../../i18n/define-messages';

// The store home's card for a dealer voucher: it shows with the first view, the offer's own page loads on demand.
export const voucherTeaserMessages = defineMessages({
  'zh-CN': {
    'vouchers.state.upcoming': '即将开售',
    'vouchers.state.on_sale': '热卖中',
    'vouchers.state.sold_out': '已售罄',
    'vouchers.state.ended': '已停售',
    'vouchers.eyebrow': '到店购车券',
    'vouchers.teaser.worth': '{price} 抵 {value}',
    'vouchers.teaser.open': '了解详情',
  },
  fr: {
    'vouchers.state.upcoming': 'Bientôt en vente',
    'vouchers.state.on_sale': 'En vente',
    'vouchers.state.sold_out': 'Épuisé',
    'vouchers.state.ended': 'Vente terminée',
    'vouchers.eyebrow': 'Bon concession',
    'vouchers.teaser.worth': '{price} pour {value}',
    'vouchers.teaser.open': 'Découvrir',
  },
  en: {
    'vouchers.state.upcoming': 'Coming soon',
    'vouchers.state.on_sale': 'On sale',
    'vouchers.state.sold_out': 'Sold out',
    'vouchers.state.ended': 'Sale over',
    'vouchers.eyebrow': 'Dealer voucher',
    'vouchers.teaser.worth': '{price} for {value}',
    'vouchers.teaser.open': 'See the offer',
  },
});
