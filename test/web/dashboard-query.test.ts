import { describe, expect, it } from 'vitest';
import { withoutSharedStart } from '../../web/src/features/analytics/chart-labels.js';
import { defaultRange, filtersOf, ignoredFilters, readDashboardQuery, shanghaiToday, writeDashboardQuery } from '../../web/src/features/analytics/dashboard-query.js';

describe('the dashboards query in the address', () => {
  it('reads the range and every filter, and writes them back as they were', () => {
    const search = '?from=2026-11-01&to=2026-11-30&model=koleos&dealer=sh-01&city=shanghai&channel=phone&unit=week&by=city';
    const query = readDashboardQuery(search);
    expect(query).toEqual({ from: '2026-11-01', to: '2026-11-30', model: 'koleos', dealer: 'sh-01', city: 'shanghai', channel: 'phone', granularity: 'week', by: 'city' });
    expect(writeDashboardQuery(query)).toBe(search);
  });

  it('leaves the defaults out of the address', () => {
    expect(readDashboardQuery('')).toEqual({ granularity: 'day', by: 'model' });
    expect(writeDashboardQuery(readDashboardQuery('?unit=day&by=model'))).toBe('');
  });

  it('drops what the API would refuse rather than sending it', () => {
    const query = readDashboardQuery('?from=2026-02-30&to=yesterday&model=Koleos!&dealer=&channel=tablet&unit=year&by=dealer&city=%00');
    expect(query).toEqual({ granularity: 'day', by: 'model' });
  });

  it('reads a range given the wrong way round as the range it names', () => {
    expect(readDashboardQuery('?from=2026-11-30&to=2026-11-01')).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('sends each dashboard only the filters its API accepts', () => {
    const query = readDashboardQuery('?from=2026-11-01&model=koleos&dealer=sh-01&channel=desktop&unit=month');
    expect(filtersOf('funnel', query)).toEqual({ from: '2026-11-01', model: 'koleos', dealer: 'sh-01', channel: 'desktop' });
    expect(filtersOf('sales', query)).toEqual({ from: '2026-11-01', model: 'koleos', dealer: 'sh-01', channel: 'desktop', granularity: 'month' });
    expect(filtersOf('nev-share', query)).toEqual({ from: '2026-11-01', dealer: 'sh-01', channel: 'desktop' });
    expect(filtersOf('campaigns', query)).toEqual({ from: '2026-11-01', model: 'koleos' });
    expect(ignoredFilters('nev-share', query)).toEqual(['model']);
    expect(ignoredFilters('campaigns', query)).toEqual(['dealer', 'channel']);
    expect(ignoredFilters('funnel', query)).toEqual([]);
  });
});

describe('the default range', () => {
  it('counts days in Shanghai: 16:00 UTC is already the next day', () => {
    expect(shanghaiToday(new Date('2026-02-28T15:59:59Z'))).toBe('2026-02-28');
    expect(shanghaiToday(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
  });

  it('is the 30 days ending today, or ending on the last day picked', () => {
    expect(defaultRange({}, '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(defaultRange({ to: '2024-03-01' }, '2026-03-01')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
    expect(defaultRange({ from: '2026-02-20' }, '2026-03-01')).toEqual({ from: '2026-02-20', to: '2026-03-01' });
  });
});

describe("the charts' row names", () => {
  it('drop the start every name shares, at a word for Latin names', () => {
    expect(withoutSharedStart(['Dongfeng Renault Beijing Chaoyang', 'Dongfeng Renault Beijing Haidian', 'Dongfeng Renault Shanghai Pudong'])).toEqual([
      'Beijing Chaoyang',
      'Beijing Haidian',
      'Shanghai Pudong',
    ]);
    expect(withoutSharedStart(['东风雷诺北京朝阳店', '东风雷诺上海浦东店'])).toEqual(['北京朝阳店', '上海浦东店']);
    expect(withoutSharedStart(['Koleos', 'Kadjar'])).toEqual(['Koleos', 'Kadjar']);
  });

  it('keep names whole when one would be left with almost nothing', () => {
    expect(withoutSharedStart(['Renault', 'Renault Koleos'])).toEqual(['Renault', 'Renault Koleos']);
    expect(withoutSharedStart(['Shanghai'])).toEqual(['Shanghai']);
  });
});
