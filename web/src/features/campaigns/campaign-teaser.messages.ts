import { defineMessages } from '../../i18n/define-messages';

// The store home's banner for a flash sale: it shows with the first view, the sale's own page loads on demand.
export const campaignTeaserMessages = defineMessages({
  'zh-CN': {
    'campaigns.eyebrow': '限量发售',
    'campaigns.teaser.upcoming': '{time} 开售 · 限量 {count} 台',
    'campaigns.teaser.live': '正在抢购 · 剩余 {remaining} 台',
    'campaigns.teaser.open': '查看详情',
  },
  fr: {
    'campaigns.eyebrow': 'Série limitée',
    'campaigns.teaser.upcoming': 'Ouverture le {time} · {count} exemplaires',
    'campaigns.teaser.live': 'En vente · {remaining} restantes',
    'campaigns.teaser.open': 'Découvrir',
  },
  en: {
    'campaigns.eyebrow': 'Limited edition',
    'campaigns.teaser.upcoming': 'Opens {time} · {count} cars',
    'campaigns.teaser.live': 'On sale · {remaining} left',
    'campaigns.teaser.open': 'See the sale',
  },
});
