import { defineMessages } from '../../i18n/define-messages';

// The store home's card for a dealer voucher: it shows with the first view, the offer's own page loads on demand.
export const voucherTeaserMessages = defineMessages({
  'zh-CN': {
    'vouchers.eyebrow': '到店购车券',
    'vouchers.teaser.worth': '{price} 抵 {value}',
    'vouchers.teaser.open': '了解详情',
  },
  fr: {
    'vouchers.eyebrow': 'Bon concession',
    'vouchers.teaser.worth': '{price} pour {value}',
    'vouchers.teaser.open': 'Découvrir',
  },
  en: {
    'vouchers.eyebrow': 'Dealer voucher',
    'vouchers.teaser.worth': '{price} for {value}',
    'vouchers.teaser.open': 'See the offer',
  },
});
