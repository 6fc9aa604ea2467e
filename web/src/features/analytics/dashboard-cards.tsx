import { useMemo } from 'react';
import { useRequest } from '../../api/use-request';
import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import type { Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { PageSpinner } from '../../ui/request-states';
import { Chart } from './chart';
import { withoutSharedStart } from './chart-labels';
import { Choice, DashboardCard, DashboardTable } from './dashboard-frame';
import { formatCount, formatDuration, formatFen, formatPercent } from './dashboard-format';
import { filtersOf, GRANULARITIES, ignoredFilters, PLACE_BYS, type DashboardName, type DashboardQuery } from './dashboard-query';
import {
  csvHref,
  fetchBreakdown,
  fetchCampaigns,
  fetchFunnel,
  fetchNevShare,
  fetchSales,
  type BreakdownRow,
  type BreakdownView,
  type CampaignsView,
  type FunnelView,
  type NevShareView,
  type SalesView,
  type StageName,
} from './dashboards.api';
import type { ChartOption } from './echarts-setup';

/*
 * The dashboards of the brand console, one card each: a chart, and below it a table with every
 * number the chart draws (readable without the canvas), and the table's CSV export.
 */

export interface CardProps {
  store: string;
  query: DashboardQuery;
  setQuery: (changes: Partial<DashboardQuery>) => void;
}

const GRID = { left: 8, right: 16, top: 40, bottom: 8 } as const;
const LEGEND = { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } } as const;

/** The request key of a dashboard: its own filters only, so a filter it ignores does not reload it. */
function useDashboard<T>(name: DashboardName, props: CardProps, load: (signal: AbortSignal, locale: Locale) => Promise<T>, extra = '') {
  const { locale } = useLocale();
  const key = JSON.stringify(filtersOf(name, props.query)) + extra;
  return useRequest((signal) => load(signal, locale), [props.store, locale, key]);
}

function useIgnoredNote(name: DashboardName, query: DashboardQuery): string | undefined {
  const t = useT();
  const ignored = ignoredFilters(name, query);
  if (ignored.length === 0) return undefined;
  const names: Record<(typeof ignored)[number], MessageKey> = { model: 'dashboard.model', dealer: 'dashboard.dealer', city: 'dashboard.city', channel: 'dashboard.channel' };
  return t('dashboard.ignores', { filters: ignored.map((filter) => t(names[filter])).join(' / ') });
}

// ---- Funnel ----

const STAGE_LABEL: Record<StageName, MessageKey> = {
  views: 'dashboard.stage.views',
  configurations: 'dashboard.stage.configurations',
  leads: 'dashboard.stage.leads',
  testDrives: 'dashboard.stage.testDrives',
  deposits: 'dashboard.stage.deposits',
  deliveries: 'dashboard.stage.deliveries',
};

export function FunnelCard(props: CardProps) {
  const { locale } = useLocale();
  const request = useDashboard('funnel', props, (signal, locale) => fetchFunnel(props.store, props.query, locale, signal));
  return (
    <DashboardCard title="dashboard.funnel.title" intro="dashboard.funnel.intro" csvHref={csvHref(props.store, 'funnel', props.query, locale)} request={request} testId="dash-funnel">
      {(view, titleId) => <FunnelFigures view={view} titleId={titleId} />}
    </DashboardCard>
  );
}

function FunnelFigures({ view, titleId }: { view: FunnelView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const option = useMemo((): ChartOption => {
    // Views on top, deliveries at the bottom: categories are drawn from the axis origin up.
    const stages = [...view.stages].reverse();
    return {
      grid: { ...GRID, top: 8, right: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: stages.map((stage) => t(STAGE_LABEL[stage.stage])), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.funnel.count'),
          data: stages.map((stage) => stage.events),
          barMaxWidth: 28,
          label: { show: true, position: 'right', formatter: ({ value }) => formatCount(Number(value), locale) },
        },
      ],
    };
  }, [view, t, locale]);
  return (
    <>
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.funnel.title') })} testId="dash-funnel-chart" />
      <DashboardTable labelledBy={titleId} caption={t('dashboard.funnel.title')} testId="dash-funnel-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.funnel.stage')}</th>
            <th scope="col">{t('dashboard.funnel.count')}</th>
            <th scope="col">{t('dashboard.funnel.conversion')}</th>
            <th scope="col">{t('dashboard.funnel.ofViews')}</th>
          </tr>
        </thead>
        <tbody>
          {view.stages.map((stage) => (
            <tr key={stage.stage} data-stage={stage.stage}>
              <th scope="row">{t(STAGE_LABEL[stage.stage])}</th>
              <td data-col="count">{formatCount(stage.events, locale)}</td>
              <td data-col="conversion">
                {stage.conversion && stage.basis ? (
                  <>
                    {formatPercent(stage.conversion.percent, locale, t)}{' '}
                    <span className="dash-table__aside">{t('dashboard.funnel.basis', { stage: t(STAGE_LABEL[stage.basis]) })}</span>
                  </>
                ) : (
                  t('dashboard.none')
                )}
              </td>
              <td data-col="of-views">{stage.stage === 'views' ? t('dashboard.none') : formatPercent(stage.ofViews.percent, locale, t)}</td>
            </tr>
          ))}
        </tbody>
      </DashboardTable>
    </>
  );
}

// ---- Sales against the target ----

const GRANULARITY_LABEL = { day: 'dashboard.sales.day', week: 'dashboard.sales.week', month: 'dashboard.sales.month' } as const satisfies Record<string, MessageKey>;

export function SalesCard(props: CardProps) {
  const t = useT();
  const { locale } = useLocale();
  const request = useDashboard('sales', props, (signal, locale) => fetchSales(props.store, props.query, locale, signal));
  return (
    <DashboardCard
      title="dashboard.sales.title"
      csvHref={csvHref(props.store, 'sales', props.query, locale)}
      request={request}
      testId="dash-sales"
      controls={
        <Choice
          label={t('dashboard.sales.granularity')}
          value={props.query.granularity}
          options={GRANULARITIES.map((value) => ({ value, label: t(GRANULARITY_LABEL[value]) }))}
          onChange={(granularity) => props.setQuery({ granularity })}
        />
      }
    >
      {(view, titleId) => <SalesFigures view={view} titleId={titleId} />}
    </DashboardCard>
  );
}

function SalesFigures({ view, titleId }: { view: SalesView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const target = view.target;
  const option = useMemo((): ChartOption => {
    const hasTarget = view.buckets.some((bucket) => bucket.target !== null);
    return {
      grid: GRID,
      legend: LEGEND,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: view.buckets.map((bucket) => bucket.period), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('dashboard.sales.deposits'), data: view.buckets.map((bucket) => bucket.deposits), barMaxWidth: 24 },
        { type: 'bar', name: t('dashboard.sales.deliveries'), data: view.buckets.map((bucket) => bucket.deliveries), barMaxWidth: 24 },
        ...(hasTarget
          ? [{ type: 'line' as const, name: t('dashboard.sales.target'), data: view.buckets.map((bucket) => bucket.target), step: 'middle' as const, symbol: 'none', lineStyle: { type: 'dashed' as const } }]
          : []),
      ],
    };
  }, [view, t]);
  return (
    <>
      {target ? (
        <dl className="dash-target" data-testid="dash-target">
          <div className="dash-target__item">
            <dt>{t('dashboard.sales.yearTarget', { year: target.year })}</dt>
            <dd>{t('dashboard.sales.units', { count: formatCount(target.units, locale) })}</dd>
          </div>
          <div className="dash-target__item">
            <dt>{t('dashboard.sales.soldThisYear')}</dt>
            <dd>{t('dashboard.sales.units', { count: formatCount(target.soldThisYear, locale) })}</dd>
          </div>
          <div className="dash-target__item">
            <dt>{t('dashboard.sales.remaining')}</dt>
            <dd>{t('dashboard.sales.units', { count: formatCount(target.remaining, locale) })}</dd>
          </div>
          <div className="dash-target__item">
            <dt>{t('dashboard.sales.daysLeft')}</dt>
            <dd>{t('dashboard.sales.days', { count: formatCount(target.daysLeft, locale) })}</dd>
          </div>
          <div className="dash-target__item dash-target__item--key">
            <dt>{t('dashboard.sales.paceNeeded')}</dt>
            <dd data-testid="dash-pace-needed">{t('dashboard.sales.perDay', { count: formatCount(target.paceNeeded.perDay, locale, 1) })}</dd>
          </div>
          <div className="dash-target__item">
            <dt>{t('dashboard.sales.paceSoFar')}</dt>
            <dd>{t('dashboard.sales.perDay', { count: formatCount(target.paceSoFar.perDay, locale, 1) })}</dd>
          </div>
          <p className="dash-target__scope" data-testid="dash-target-scope">
            {t('dashboard.sales.targetScope', { scope: scopeLabel(target.scope, t), setFor: target.setFor })}
          </p>
        </dl>
      ) : (
        <p className="dash-card__note">{t('dashboard.sales.noTarget')}</p>
      )}
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.sales.title') })} testId="dash-sales-chart" />
      <DashboardTable labelledBy={titleId} caption={t('dashboard.sales.title')} testId="dash-sales-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.sales.period')}</th>
            <th scope="col">{t('dashboard.sales.deposits')}</th>
            <th scope="col">{t('dashboard.sales.depositAmount')}</th>
            <th scope="col">{t('dashboard.sales.deliveries')}</th>
            <th scope="col">{t('dashboard.sales.target')}</th>
          </tr>
        </thead>
        <tbody>
          {view.buckets.map((bucket) => (
            <tr key={bucket.period} data-period={bucket.period}>
              <th scope="row">{bucket.period}</th>
              <td data-col="deposits">{formatCount(bucket.deposits, locale)}</td>
              <td data-col="deposit-amount">{formatFen(bucket.depositAmount, locale)}</td>
              <td data-col="deliveries">{formatCount(bucket.deliveries, locale)}</td>
              <td data-col="target">{bucket.target === null ? t('dashboard.none') : formatCount(bucket.target, locale, 2)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-period="total">
            <th scope="row">{t('dashboard.sales.total')}</th>
            <td data-col="deposits">{formatCount(view.totals.deposits, locale)}</td>
            <td data-col="deposit-amount">{formatFen(view.totals.depositAmount, locale)}</td>
            <td data-col="deliveries">{formatCount(view.totals.deliveries, locale)}</td>
            <td />
          </tr>
        </tfoot>
      </DashboardTable>
    </>
  );
}

// ---- Breakdowns ----

const BY_LABEL = { model: 'dashboard.breakdown.model', province: 'dashboard.breakdown.province', city: 'dashboard.breakdown.city' } as const satisfies Record<string, MessageKey>;

const rowLabel = (row: BreakdownRow, t: Translate) => row.label ?? row.key ?? t('dashboard.unknown');

export function BreakdownCard(props: CardProps) {
  const t = useT();
  const { locale } = useLocale();
  const by = props.query.by;
  const request = useDashboard('breakdowns', props, (signal, locale) => fetchBreakdown(props.store, props.query, by, locale, signal), by);
  return (
    <DashboardCard
      title="dashboard.breakdown.title"
      csvHref={csvHref(props.store, 'breakdowns', props.query, locale, { by })}
      request={request}
      testId="dash-breakdown"
      controls={
        <Choice
          label={t('dashboard.breakdown.by')}
          value={by}
          options={PLACE_BYS.map((value) => ({ value, label: t(BY_LABEL[value]) }))}
          onChange={(next) => props.setQuery({ by: next })}
        />
      }
    >
      {(view, titleId) => (view.by === by ? <BreakdownFigures view={view} titleId={titleId} /> : <PageSpinner />)}
    </DashboardCard>
  );
}

/** Horizontal bars per row (a long list of names reads down a phone), busiest on top. */
function rowBars(rows: readonly BreakdownRow[], t: Translate, series: { name: string; value: (row: BreakdownRow) => number }[]): ChartOption {
  const shown = rows.slice(0, 12).reverse();
  const labels = withoutSharedStart(shown.map((row) => rowLabel(row, t)));
  return {
    grid: GRID,
    legend: LEGEND,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, axisTick: { show: false }, axisLabel: { width: 110, overflow: 'truncate' } },
    series: series.map((one) => ({ type: 'bar' as const, name: one.name, data: shown.map(one.value), barMaxWidth: 16 })),
  };
}

function BreakdownFigures({ view, titleId }: { view: BreakdownView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const option = useMemo(
    () =>
      rowBars(view.rows, t, [
        { name: t('dashboard.stage.leads'), value: (row) => row.leads },
        { name: t('dashboard.stage.testDrives'), value: (row) => row.testDrives },
        { name: t('dashboard.stage.deposits'), value: (row) => row.deposits },
      ]),
    [view, t],
  );
  if (view.rows.length === 0) return <p className="dash-card__empty">{t('dashboard.breakdown.empty')}</p>;
  return (
    <>
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.breakdown.title') })} height="tall" testId="dash-breakdown-chart" />
      <DashboardTable labelledBy={titleId} caption={`${t('dashboard.breakdown.title')} · ${t(BY_LABEL[view.by as keyof typeof BY_LABEL])}`} testId="dash-breakdown-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.breakdown.name')}</th>
            <th scope="col">{t('dashboard.stage.views')}</th>
            <th scope="col">{t('dashboard.stage.configurations')}</th>
            <th scope="col">{t('dashboard.stage.leads')}</th>
            <th scope="col">{t('dashboard.stage.testDrives')}</th>
            <th scope="col">{t('dashboard.stage.deposits')}</th>
            <th scope="col">{t('dashboard.breakdown.depositAmount')}</th>
            <th scope="col">{t('dashboard.stage.deliveries')}</th>
            <th scope="col">{t('dashboard.breakdown.conversion')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.key ?? ''} data-key={row.key ?? ''}>
              <th scope="row">{rowLabel(row, t)}</th>
              <td data-col="views">{formatCount(row.views, locale)}</td>
              <td data-col="configurations">{formatCount(row.configurations, locale)}</td>
              <td data-col="leads">{formatCount(row.leads, locale)}</td>
              <td data-col="test-drives">{formatCount(row.testDrives, locale)}</td>
              <td data-col="deposits">{formatCount(row.deposits, locale)}</td>
              <td data-col="deposit-amount">{formatFen(row.depositAmount, locale)}</td>
              <td data-col="deliveries">{formatCount(row.deliveries, locale)}</td>
              <td data-col="conversion">{formatPercent(row.conversion.percent, locale, t)}</td>
            </tr>
          ))}
        </tbody>
      </DashboardTable>
    </>
  );
}

// ---- The dealer league ----

export function DealerLeagueCard(props: CardProps) {
  const { locale } = useLocale();
  const request = useDashboard('breakdowns', props, (signal, locale) => fetchBreakdown(props.store, props.query, 'dealer', locale, signal));
  return (
    <DashboardCard
      title="dashboard.dealers.title"
      intro="dashboard.dealers.intro"
      csvHref={csvHref(props.store, 'breakdowns', props.query, locale, { by: 'dealer' })}
      request={request}
      testId="dash-dealers"
    >
      {(view, titleId) => <DealerLeague view={view} titleId={titleId} />}
    </DashboardCard>
  );
}

function DealerLeague({ view, titleId }: { view: BreakdownView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const option = useMemo(
    () =>
      rowBars(view.rows, t, [
        { name: t('dashboard.stage.deposits'), value: (row) => row.deposits },
        { name: t('dashboard.stage.deliveries'), value: (row) => row.deliveries },
        { name: t('dashboard.stage.leads'), value: (row) => row.leads },
      ]),
    [view, t],
  );
  if (view.rows.length === 0) return <p className="dash-card__empty">{t('dashboard.dealers.empty')}</p>;
  return (
    <>
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.dealers.title') })} height="tall" testId="dash-dealers-chart" />
      <DashboardTable labelledBy={titleId} caption={t('dashboard.dealers.title')} testId="dash-dealers-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.dealers.rank')}</th>
            <th scope="col">{t('dashboard.dealers.dealer')}</th>
            <th scope="col">{t('dashboard.stage.deposits')}</th>
            <th scope="col">{t('dashboard.stage.deliveries')}</th>
            <th scope="col">{t('dashboard.stage.leads')}</th>
            <th scope="col">{t('dashboard.stage.testDrives')}</th>
            <th scope="col">{t('dashboard.dealers.leadsReceived')}</th>
            <th scope="col">{t('dashboard.dealers.leadsContacted')}</th>
            <th scope="col">{t('dashboard.dealers.firstContact')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.key ?? ''} data-key={row.key ?? ''}>
              <td data-col="rank">{row.rank}</td>
              <th scope="row">{rowLabel(row, t)}</th>
              <td data-col="deposits">{formatCount(row.deposits, locale)}</td>
              <td data-col="deliveries">{formatCount(row.deliveries, locale)}</td>
              <td data-col="leads">{formatCount(row.leads, locale)}</td>
              <td data-col="test-drives">{formatCount(row.testDrives, locale)}</td>
              <td data-col="leads-received">{formatCount(row.leadsReceived ?? 0, locale)}</td>
              <td data-col="leads-contacted">{formatCount(row.leadsContacted ?? 0, locale)}</td>
              <td data-col="first-contact">
                {row.medianMinutesToFirstContact === null || row.medianMinutesToFirstContact === undefined
                  ? t('dashboard.none')
                  : t('dashboard.minutes', { count: formatCount(row.medianMinutesToFirstContact, locale, 1) })}
              </td>
            </tr>
          ))}
        </tbody>
      </DashboardTable>
    </>
  );
}

// ---- NEV share ----

export function NevShareCard(props: CardProps) {
  const { locale } = useLocale();
  const note = useIgnoredNote('nev-share', props.query);
  const request = useDashboard('nev-share', props, (signal, locale) => fetchNevShare(props.store, props.query, locale, signal));
  return (
    <DashboardCard title="dashboard.nev.title" csvHref={csvHref(props.store, 'nev-share', props.query, locale)} request={request} note={note} testId="dash-nev">
      {(view, titleId) => <NevShareFigures view={view} titleId={titleId} />}
    </DashboardCard>
  );
}

function NevShareFigures({ view, titleId }: { view: NevShareView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const rows = useMemo(
    () => [
      { key: 'views', label: t('dashboard.nev.views'), rate: view.views },
      { key: 'deposits', label: t('dashboard.nev.deposits'), rate: view.deposits },
      { key: 'deliveries', label: t('dashboard.nev.deliveries'), rate: view.deliveries },
      ...(view.market ? [{ key: 'market', label: t('dashboard.nev.market', { year: view.market.year }), rate: view.market.share }] : []),
    ],
    [view, t],
  );
  const option = useMemo((): ChartOption => {
    const shown = [...rows].reverse();
    return {
      grid: { ...GRID, top: 8, right: 56 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => formatPercent(value === null || value === undefined ? null : Number(value), locale, t) },
      // Percentages are wide labels: a few ticks, so that they do not run into each other on a phone.
      xAxis: { type: 'value', splitNumber: 3, axisLabel: { hideOverlap: true, formatter: (value: number) => formatPercent(value, locale, t) } },
      yAxis: { type: 'category', data: shown.map((row) => row.label), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.nev.share'),
          barMaxWidth: 24,
          data: shown.map((row) => ({ value: row.rate.percent ?? 0, itemStyle: row.key === 'market' ? { color: '#5a626c' } : { color: '#0b6b43' } })),
          label: { show: true, position: 'right', formatter: ({ dataIndex }) => formatPercent(shown[dataIndex]?.rate.percent ?? null, locale, t) },
        },
      ],
    };
  }, [rows, locale, t]);
  return (
    <>
      <p className="dash-card__intro" data-testid="dash-nev-market">
        {view.market
          ? t('dashboard.nev.marketNote', { year: view.market.year, cars: formatCount(view.market.carSales, locale), nev: formatCount(view.market.nevSales, locale) })
          : t('dashboard.nev.noMarket')}
      </p>
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.nev.title') })} testId="dash-nev-chart" />
      <DashboardTable labelledBy={titleId} caption={t('dashboard.nev.title')} testId="dash-nev-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.nev.measure')}</th>
            <th scope="col">{t('dashboard.nev.nev')}</th>
            <th scope="col">{t('dashboard.nev.total')}</th>
            <th scope="col">{t('dashboard.nev.share')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">{row.label}</th>
              <td data-col="nev">{formatCount(row.rate.numerator, locale)}</td>
              <td data-col="total">{formatCount(row.rate.denominator, locale)}</td>
              <td data-col="share">{formatPercent(row.rate.percent, locale, t)}</td>
            </tr>
          ))}
        </tbody>
      </DashboardTable>
    </>
  );
}

// ---- Campaigns ----

export function CampaignsCard(props: CardProps) {
  const { locale } = useLocale();
  const note = useIgnoredNote('campaigns', props.query);
  const request = useDashboard('campaigns', props, (signal, locale) => fetchCampaigns(props.store, props.query, locale, signal));
  return (
    <DashboardCard
      title="dashboard.campaigns.title"
      intro="dashboard.campaigns.intro"
      csvHref={csvHref(props.store, 'campaigns', props.query, locale)}
      request={request}
      note={note}
      testId="dash-campaigns"
    >
      {(view, titleId) => <CampaignFigures view={view} titleId={titleId} />}
    </DashboardCard>
  );
}

function CampaignFigures({ view, titleId }: { view: CampaignsView; titleId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const option = useMemo((): ChartOption => {
    const shown = view.campaigns.slice(0, 12);
    return {
      grid: GRID,
      legend: LEGEND,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: shown.map((campaign) => campaign.name), axisLabel: { width: 90, overflow: 'truncate', hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('dashboard.campaigns.units'), data: shown.map((campaign) => campaign.unitsTotal), barMaxWidth: 20 },
        { type: 'bar', name: t('dashboard.campaigns.claims'), data: shown.map((campaign) => campaign.claims), barMaxWidth: 20 },
        { type: 'bar', name: t('dashboard.campaigns.paid'), data: shown.map((campaign) => campaign.paid), barMaxWidth: 20 },
      ],
    };
  }, [view, t]);
  if (view.campaigns.length === 0) return <p className="dash-card__empty">{t('dashboard.campaigns.empty')}</p>;
  return (
    <>
      <Chart option={option} label={t('dashboard.chartOf', { title: t('dashboard.campaigns.title') })} testId="dash-campaigns-chart" />
      <DashboardTable labelledBy={titleId} caption={t('dashboard.campaigns.title')} testId="dash-campaigns-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.campaigns.campaign')}</th>
            <th scope="col">{t('dashboard.campaigns.units')}</th>
            <th scope="col">{t('dashboard.campaigns.claims')}</th>
            <th scope="col">{t('dashboard.campaigns.paid')}</th>
            <th scope="col">{t('dashboard.campaigns.holdsConverted')}</th>
            <th scope="col">{t('dashboard.campaigns.sellOut')}</th>
          </tr>
        </thead>
        <tbody>
          {view.campaigns.map((campaign) => (
            <tr key={campaign.slug} data-key={campaign.slug}>
              <th scope="row">{campaign.name}</th>
              <td data-col="units">{formatCount(campaign.unitsTotal, locale)}</td>
              <td data-col="claims">{formatCount(campaign.claims, locale)}</td>
              <td data-col="paid">{formatCount(campaign.paid, locale)}</td>
              <td data-col="holds-converted">
                {formatPercent(campaign.holdsConverted.percent, locale, t)}
                <span className="dash-table__aside">
                  {' '}
                  ({formatCount(campaign.holdsConverted.numerator, locale)}/{formatCount(campaign.holdsConverted.denominator, locale)})
                </span>
              </td>
              <td data-col="sell-out">{campaign.secondsToSellOut === null ? t('dashboard.campaigns.notSoldOut') : formatDuration(campaign.secondsToSellOut, t)}</td>
            </tr>
          ))}
        </tbody>
      </DashboardTable>
    </>
  );
}

/** The scopes targets are set for, by name; one the app does not know yet shows as stored. */
const TARGET_SCOPES: Partial<Record<string, MessageKey>> = { joint_venture: 'dashboard.sales.scope.joint_venture' };

function scopeLabel(scope: string, t: Translate): string {
  const key = TARGET_SCOPES[scope];
  return key ? t(key) : scope;
}
