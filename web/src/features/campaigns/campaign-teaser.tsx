import { Link } from 'wouter';
import { firstViewKeys } from '../../api/first-view';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import { campaignPaths, fetchCampaigns } from './campaigns.api';
import { featuredCampaign, SHANGHAI_TIME_ZONE } from './server-clock';
import { dateTimeFormat } from '../../i18n/intl-formats';

/** A store home's banner for its flash sale, while one is upcoming or on; nothing otherwise, or if it cannot be read. */
export function CampaignTeaser({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const list = useRequest((signal) => fetchCampaigns(store, locale, signal).then(({ data }) => data), [store, locale], firstViewKeys.campaigns(store, locale), {
    refreshFirstView: true,
  });
  const campaign = featuredCampaign(list.data?.campaigns ?? []);
  if (!campaign) return null;
  const opens = dateTimeFormat(locale, { timeZone: SHANGHAI_TIME_ZONE, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(campaign.startsAt));
  return (
    <Link href={campaignPaths.landing(store, campaign.slug)} className="campaign-teaser" data-testid="campaign-teaser" data-state={campaign.state}>
      <span className="campaign-teaser__eyebrow">{t('campaigns.eyebrow')}</span>
      <strong className="campaign-teaser__name">{campaign.name}</strong>
      <span className="campaign-teaser__price">{formatMoney(campaign.price, locale)}</span>
      <span className="campaign-teaser__status">
        {campaign.state === 'live'
          ? t('campaigns.teaser.live', { remaining: campaign.remaining })
          : t('campaigns.teaser.upcoming', { time: opens, count: campaign.unitsTotal })}
      </span>
      <span className="campaign-teaser__open">{t('campaigns.teaser.open')} →</span>
    </Link>
  );
}
