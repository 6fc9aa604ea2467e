import { useLocale, useT, type Translate } from '../../i18n/i18n-context';
import type { Locale } from '../../i18n/locales';
import type { ModelDetail } from './catalog.api';
import { numberFormat } from '../../i18n/intl-formats';

type Trim = ModelDetail['trims'][number];
type Specs = Trim['specs'];

/** One line of the table: its label, and each trim's figure as the buyer reads it, or undefined when not published. */
interface Row {
  key: string;
  label: string;
  value(trim: Trim): string | undefined;
}

function specRows(model: ModelDetail, t: Translate, locale: Locale): Row[] {
  const number = (value: number, digits = 0) => numberFormat(locale, { maximumFractionDigits: digits }).format(value);
  const about = (figure: { approximate?: boolean }, value: string) => (figure.approximate ? t('specs.about', { value }) : value);
  const spec = <Key extends keyof Specs>(key: Key, label: string, show: (figure: NonNullable<Specs[Key]>) => string): Row => ({
    key,
    label,
    value: (trim) => {
      const figure = trim.specs[key];
      return figure ? about(figure, show(figure)) : undefined;
    },
  });
  const plugs = model.powertrain === 'BEV' || model.powertrain === 'PHEV';
  return [
    { key: 'engine', label: t('specs.engine'), value: (trim) => trim.engine },
    spec('power', t('specs.power'), (power) => `${number(power.value)} kW`),
    spec('torque', t('specs.torque'), (torque) => `${number(torque.value)} N·m`),
    spec('dimensions', t('specs.dimensions'), (d) => `${number(d.length)} × ${number(d.width)} × ${number(d.height)} mm`),
    { key: 'seats', label: t('specs.seats'), value: () => t('model.seats', { count: model.seats }) },
    ...(model.powertrain !== 'BEV' ? [spec('fuelConsumption', t('specs.fuel'), (fuel) => `${number(fuel.value / 1000, 1)} L/100 km ${fuel.cycle}`)] : []),
    ...(plugs
      ? [
          spec('battery', t('specs.battery'), (battery) => `${number(battery.value / 1000, 1)} kWh`),
          spec('electricRange', t('specs.range'), (range) => `${range.min === range.max ? number(range.min) : `${number(range.min)}–${number(range.max)}`} km ${range.cycle}`),
          spec('charging', t('specs.charging'), (charge) => {
            const [h, m] = [Math.floor(charge.value / 60), charge.value % 60];
            const time = h === 0 ? t('specs.minutes', { m }) : t('specs.hours', { h, m });
            return t('specs.chargeWindow', { from: charge.fromPercent, to: charge.toPercent, time });
          }),
        ]
      : []),
  ];
}

/** Neighbouring trims with the same figure share one cell, so a phone's table stays short and narrow. */
function runs(values: Array<string | undefined>): Array<{ value: string | undefined; span: number }> {
  const cells: Array<{ value: string | undefined; span: number }> = [];
  for (const value of values) {
    const last = cells.at(-1);
    if (last && last.value === value) last.span += 1;
    else cells.push({ value, span: 1 });
  }
  return cells;
}

/**
 * The trims' key specifications side by side: one column a trim, one row a figure. A figure the
 * brand has not published reads "not published", never a guess. Scrolls sideways on a phone,
 * with the labels kept in view.
 */
export function TrimSpecs({ model }: { model: ModelDetail }) {
  const t = useT();
  const { locale } = useLocale();
  const rows = specRows(model, t, locale);
  return (
    <section className="specs" aria-labelledby="specs-title">
      <div className="section-heading">
        <h2 id="specs-title">{t('specs.title')}</h2>
      </div>
      {/* Focusable, so a keyboard can scroll it sideways too. */}
      <div className="specs__scroll" tabIndex={0}>
        <table className="specs__table">
          <thead>
            <tr>
              <td className="specs__corner" />
              {model.trims.map((trim) => (
                <th key={trim.code} scope="col">
                  {trim.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-spec={row.key}>
                <th scope="row">{row.label}</th>
                {runs(model.trims.map(row.value)).map((cell, i) => (
                  <td key={i} colSpan={cell.span} className={cell.value === undefined ? 'specs__missing' : undefined}>
                    <span>{cell.value ?? t('specs.notPublished')}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="specs__note">{t('specs.note')}</p>
    </section>
  );
}
