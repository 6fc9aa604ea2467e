import { toCsv, type CsvCell } from './analytics.csv.js';
import type { BreakdownView, CampaignsView, FunnelView, NevShareView, Ratio, SalesView } from './dashboards.service.js';

/* Each dashboard as the one table its CSV export holds: a header row, then one row per table row. */

const percent = (rate: Ratio | null): CsvCell => rate?.percent ?? null;

export function funnelCsv(view: FunnelView): string {
  return toCsv(
    ['stage', 'events', 'amount_fen', 'basis', 'conversion_numerator', 'conversion_denominator', 'conversion_percent', 'of_views_percent'],
    view.stages.map((s) => [s.stage, s.events, s.amount, s.basis, s.conversion?.numerator ?? null, s.conversion?.denominator ?? null, percent(s.conversion), percent(s.ofViews)]),
  );
}

export function salesCsv(view: SalesView): string {
  return toCsv(
    ['period', 'from', 'to', 'deposits', 'deposit_amount_fen', 'deliveries', 'target_units'],
    view.buckets.map((b) => [b.period, b.from, b.to, b.deposits, b.depositAmount, b.deliveries, b.target]),
  );
}

export function breakdownCsv(view: BreakdownView): string {
  const dealer = view.by === 'dealer';
  const header = [
    ...(dealer ? ['rank'] : []),
    view.by,
    'label',
    'views',
    'configurations',
    'leads',
    'test_drives',
    'deposits',
    'deposit_amount_fen',
    'deliveries',
    'conversion_percent',
    ...(dealer ? ['leads_received', 'leads_contacted', 'median_minutes_to_first_contact'] : []),
  ];
  const rows = view.rows.map((r): CsvCell[] => [
    ...(dealer ? [r.rank ?? null] : []),
    r.key,
    r.label,
    r.views,
    r.configurations,
    r.leads,
    r.testDrives,
    r.deposits,
    r.depositAmount,
    r.deliveries,
    percent(r.conversion),
    ...(dealer ? [r.leadsReceived ?? null, r.leadsContacted ?? null, r.medianMinutesToFirstContact ?? null] : []),
  ]);
  return toCsv(header, rows);
}

export function nevShareCsv(view: NevShareView): string {
  const period = `${view.range.from}/${view.range.to}`;
  const row = (scope: string, measure: string, when: string, rate: Ratio): CsvCell[] => [scope, measure, when, rate.numerator, rate.denominator, rate.percent];
  return toCsv(['scope', 'measure', 'period', 'nev', 'total', 'nev_percent'], [
    row('store', 'views', period, view.views),
    row('store', 'deposits', period, view.deposits),
    row('store', 'deliveries', period, view.deliveries),
    ...(view.market ? [row('market', 'car_sales', String(view.market.year), view.market.share)] : []),
  ]);
}

export function campaignsCsv(view: CampaignsView): string {
  return toCsv(
    ['campaign', 'name', 'model', 'starts_at', 'units_total', 'units_held', 'units_sold', 'claims', 'paid', 'holds_converted_percent', 'sold_out_at', 'seconds_to_sell_out'],
    view.campaigns.map((c) => [c.slug, c.name, c.model, c.startsAt, c.unitsTotal, c.unitsHeld, c.unitsSold, c.claims, c.paid, percent(c.holdsConverted), c.soldOutAt, c.secondsToSellOut]),
  );
}
