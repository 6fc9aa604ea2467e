import { useT } from '../../i18n/i18n-context';
import type { Money } from '../catalog/catalog.api';
import { Price } from '../../ui/price';
import type { Configurable } from './choices';
import type { PriceBreakdown } from './engine';

/** One fitted option of a configuration, as the summary and the shared page list it. */
export interface ConfigurationLine {
  code: string;
  groupName: string;
  name: string;
  price: Money;
  standard: boolean;
  covered: boolean;
}

/** The figures of an on-the-road estimate, live from the engine or as a saved configuration kept them. */
export interface OnTheRoadFigures {
  list: Money;
  campaignDiscount: Money;
  vehicle: Money;
  purchaseTax: Money;
  compulsoryInsurance: Money;
  plateFee: Money;
  onTheRoad: Money;
}

export function linesOf(model: Configurable, breakdown: PriceBreakdown): ConfigurationLine[] {
  const money = (amount: number): Money => ({ amount, currency: breakdown.currency });
  // In the catalog's group order, as the steps went.
  const order = model.detail.optionGroups.flatMap((group) => group.options.map((option) => option.code));
  return [...breakdown.options]
    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))
    .map((line) => ({
      code: line.code,
      groupName: model.groupOf.get(line.code)?.name ?? '',
      name: model.optionOf.get(line.code)?.name ?? line.code,
      price: money(line.price),
      standard: line.standard,
      covered: line.covered,
    }));
}

export function figuresOf(breakdown: PriceBreakdown): OnTheRoadFigures {
  const money = (amount: number): Money => ({ amount, currency: breakdown.currency });
  return {
    list: money(breakdown.listPrice),
    campaignDiscount: money(breakdown.campaignDiscount),
    vehicle: money(breakdown.vehiclePrice),
    purchaseTax: money(breakdown.purchaseTax),
    compulsoryInsurance: money(breakdown.compulsoryInsurance),
    plateFee: money(breakdown.plateFee),
    onTheRoad: money(breakdown.onTheRoad),
  };
}

/** The car line by line: the trim, then every fitment with what it costs, standard ones marked. */
export function ConfigurationList({
  trim,
  lines,
  titleId,
}: {
  trim: { name: string; price: Money };
  lines: ConfigurationLine[];
  titleId?: string;
}) {
  const t = useT();
  return (
    <dl className="spec" aria-labelledby={titleId}>
      <div className="spec__row spec__row--trim">
        <dt className="spec__group">{t('summary.trim')}</dt>
        <dd className="spec__name">{trim.name}</dd>
        <dd className="spec__price">
          <Price money={trim.price} />
        </dd>
      </div>
      {lines.map((line) => (
        <div className="spec__row" key={line.code}>
          <dt className="spec__group">{line.groupName}</dt>
          <dd className="spec__name">{line.name}</dd>
          <dd className="spec__price" data-free={line.standard || line.covered || undefined}>
            {line.standard ? t('option.standard') : line.covered ? t('option.included') : <Price money={line.price} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the car costs on the road in China: vehicle, purchase tax, compulsory insurance, plates. */
export function OnTheRoad({ figures, nev, titleId }: { figures: OnTheRoadFigures; nev: boolean; titleId?: string }) {
  const t = useT();
  return (
    <dl className="estimate" aria-labelledby={titleId}>
      {figures.campaignDiscount.amount > 0 && (
        <>
          <Row label={t('summary.listPrice')} money={figures.list} />
          <Row label={t('summary.campaignDiscount')} money={{ ...figures.campaignDiscount, amount: -figures.campaignDiscount.amount }} />
        </>
      )}
      <Row label={t('summary.vehiclePrice')} money={figures.vehicle} />
      <Row label={t('summary.purchaseTax')} money={figures.purchaseTax} note={nev ? t('summary.nevTaxNote') : t('summary.taxNote')} />
      <Row label={t('summary.insurance')} money={figures.compulsoryInsurance} note={t('summary.insuranceNote')} />
      <Row label={t('summary.plateFee')} money={figures.plateFee} />
      <div className="estimate__row estimate__row--total">
        <dt>{t('summary.onTheRoad')}</dt>
        <dd>
          <Price money={figures.onTheRoad} />
        </dd>
      </div>
    </dl>
  );
}

function Row({ label, money, note }: { label: string; money: Money; note?: string }) {
  return (
    <div className="estimate__row">
      <dt>
        {label}
        {note && <span className="estimate__note">{note}</span>}
      </dt>
      <dd>
        <Price money={money} />
      </dd>
    </div>
  );
}
