import type { CSSProperties } from 'react';
import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { Price } from '../../ui/price';
import type { ModelDetail } from './catalog.api';
import { ArrowIcon } from './model-card';

type Group = ModelDetail['optionGroups'][number];
type Option = Group['options'][number];
type Trim = ModelDetail['trims'][number];

/** One line of the comparison, the same in every column so the columns line up. */
type Row =
  /** A single-choice group (interior, wheels): which option each trim comes with. */
  | { kind: 'fitment'; key: string; label: string; group: Group }
  /** A pack or accessory some trim has as standard: standard, optional at its price, or not offered. */
  | { kind: 'feature'; key: string; label: string; option: Option };

/**
 * What tells the trims apart: for each single-choice group but paint, the fitment a trim comes
 * with; then every pack or accessory that is standard on some trim. Paint is left to the swatches.
 */
function comparisonRows(model: ModelDetail): Row[] {
  const rows: Row[] = [];
  for (const group of model.optionGroups) {
    if (group.code === 'paint') continue;
    if (group.choice === 'single') {
      rows.push({ kind: 'fitment', key: group.code, label: group.name, group });
      continue;
    }
    for (const option of group.options) {
      if (model.trims.some((trim) => option.availability[trim.code] === 'standard')) {
        rows.push({ kind: 'feature', key: option.code, label: option.name, option });
      }
    }
  }
  return rows;
}

/**
 * The trims side by side, one column each, scrolled sideways on a phone. Rows share one grid
 * (subgrid), so a long name in one column keeps the rows of the others aligned.
 */
export function TrimComparison({ model, configureHref }: { model: ModelDetail; configureHref(trim: Trim): string }) {
  const t = useT();
  const rows = comparisonRows(model);
  // Name, price, engine, the rows, the button.
  const style = { '--compare-rows': rows.length + 4 } as CSSProperties;
  return (
    <div className="compare" style={style}>
      <ul className="compare__columns">
        {model.trims.map((trim) => (
          <li key={trim.code} className="compare__column">
            <h3 className="compare__name">{trim.name}</h3>
            <p className="compare__price">
              <Price money={trim.price} className="compare__amount" />
              {trim.priceIsEstimate && <span className="compare__estimate">{t('model.estimate')}</span>}
            </p>
            <p className="compare__engine">{trim.engine}</p>
            {rows.map((row) => (
              <div key={row.key} className="compare__cell">
                <span className="compare__label">{row.label}</span>
                <CellValue row={row} trim={trim} />
              </div>
            ))}
            <Link href={configureHref(trim)} className="button button--primary button--small compare__cta" aria-label={t('modelPage.configureTrim', { trim: trim.name })}>
              {t('modelPage.configure')}
              <ArrowIcon />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CellValue({ row, trim }: { row: Row; trim: Trim }) {
  const t = useT();
  if (row.kind === 'fitment') {
    const standard = row.group.options.find((option) => option.availability[trim.code] === 'standard');
    return <span className="compare__value">{standard?.name ?? '—'}</span>;
  }
  const availability = row.option.availability[trim.code] ?? 'optional';
  if (availability === 'standard') {
    return (
      <span className="compare__value compare__value--standard">
        <CheckIcon />
        {t('option.standard')}
      </span>
    );
  }
  if (availability === 'optional') {
    return (
      <span className="compare__value compare__value--optional">
        {t('option.optionalAt')} <Price money={row.option.price} />
      </span>
    );
  }
  return <span className="compare__value compare__value--none">{t('option.notOffered')}</span>;
}

export function CheckIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" className="check-icon">
      <path d="m4.5 10.5 3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
