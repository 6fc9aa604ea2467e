import { useCallback, useId, useState } from 'react';
import { useT } from '../../i18n/i18n-context';
import type { Locale } from '../../i18n/locales';
import { FormAlert } from '../../ui/form';
import type { Configurable } from './choices';
import { invalidSelectionOf, saveConfiguration, type InvalidSelection, type SavedConfiguration } from './configurations.api';
import { sameSelection } from './configurator-url';
import type { PriceBreakdown, Selection } from './engine';
import { ConfigurationList, figuresOf, linesOf, OnTheRoad } from './price-breakdown';
import { SharePanel } from './share-panel';
import { CityPicker, plateFor, useBuyerCity, useCities, usePlateFees } from '../dealers/buyer-city';
import { useStore } from '../stores/store-context';
import { InStockNearYou } from '../stock/in-stock-near-you';
import { FinanceCalculator } from '../finance/finance-calculator';
import { ReserveFromSummary } from '../orders/reserve-button';

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving'; selection: Selection }
  | { status: 'saved'; selection: Selection; saved: SavedConfiguration }
  | { status: 'failed'; selection: Selection; invalid: InvalidSelection | undefined };

export interface Saver {
  state: SaveState;
  save(): void;
}

/**
 * Saving is the server's call: it re-validates and prices the selection and answers a short code.
 * A state about another selection than the current one no longer counts.
 */
export function useSaver(slug: string, selection: Selection, locale: Locale): Saver {
  const { slug: store } = useStore();
  const [city] = useBuyerCity();
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  // A save priced for another city than the buyer's current one no longer counts either.
  const current: SaveState =
    state.status !== 'idle' && sameSelection(state.selection, selection) && (state.status !== 'saved' || (state.saved.city?.code ?? null) === city)
      ? state
      : { status: 'idle' };
  const save = useCallback(() => {
    setState({ status: 'saving', selection });
    saveConfiguration(store, locale, { model: slug, selection, city }).then(
      (saved) => setState({ status: 'saved', selection, saved }),
      (error: unknown) => setState({ status: 'failed', selection, invalid: invalidSelectionOf(error) }),
    );
  }, [store, slug, selection, locale, city]);
  return { state: current, save };
}

/** The whole car, its on-the-road estimate for China, its finance quote, and the way to save and share it. */
export function SummaryStep({
  model,
  selection,
  breakdown,
  saver,
  onApply,
}: {
  model: Configurable;
  selection: Selection;
  breakdown: PriceBreakdown;
  saver: Saver;
  /** Takes the server's proposed fix when it refused the selection. */
  onApply(selection: Selection): void;
}) {
  const t = useT();
  const specId = useId();
  const estimateId = useId();
  const { detail } = model;
  const trim = detail.trims.find((candidate) => candidate.code === selection.trim)!;
  const { state } = saver;
  const { slug: store } = useStore();

  return (
    <div className="summary">
      <section className="card" aria-labelledby={specId}>
        <h3 className="card__title" id={specId}>
          {t('summary.title', { model: detail.name })}
        </h3>
        <ConfigurationList trim={{ name: trim.name, price: trim.price }} lines={linesOf(model, breakdown)} titleId={specId} />
      </section>

      <section className="card" aria-labelledby={estimateId}>
        <h3 className="card__title" id={estimateId}>
          {t('summary.estimateTitle')}
        </h3>
        <PlateCity nev={detail.nev} />
        <OnTheRoad figures={figuresOf(breakdown)} nev={detail.nev} titleId={estimateId} />
        <p className="fine-print">{t('summary.estimateNote')}</p>
      </section>

      <ReserveFromSummary store={store} saver={saver} price={breakdown.vehiclePrice} currency={breakdown.currency} />

      <FinanceCalculator store={store} model={detail.slug} trim={selection.trim} price={breakdown.vehiclePrice} isNev={detail.nev} />

      {state.status === 'failed' && <SaveFailure invalid={state.invalid} onApply={onApply} />}
      {state.status === 'saved' && <SharePanel saved={state.saved} />}
      <InStockNearYou model={detail.slug} configuration={state.status === 'saved' ? state.saved.code : undefined} />
    </div>
  );
}

/** The buyer's city, which prices the plates, and how plates are had there. */
function PlateCity({ nev }: { nev: boolean }) {
  const t = useT();
  const cities = useCities();
  const fees = usePlateFees();
  const [city] = useBuyerCity();
  const plate = plateFor(fees.data, city, nev, fees.data?.default.amount ?? 0);
  return (
    <div className="plate-city">
      <CityPicker cities={cities.data} label={t('dealers.plateCity')} allLabel={t('dealers.plateCityNone')} />
      {plate.note && (
        <p className="fine-print plate-city__note" data-testid="plate-note">
          {plate.note}
          {plate.estimate && ` ${t('dealers.plateEstimate')}`}
        </p>
      )}
    </div>
  );
}

function SaveFailure({ invalid, onApply }: { invalid: InvalidSelection | undefined; onApply(selection: Selection): void }) {
  const t = useT();
  if (!invalid) return <FormAlert>{t('summary.saveError')}</FormAlert>;
  // The catalog changed under the buyer's feet: the server says what no longer fits, and how to fix it.
  return (
    <div className="conflict" role="alert">
      <p className="conflict__summary">{invalid.resolution?.summary ?? t('conflict.noFix')}</p>
      <ul className="conflict__reasons">
        {invalid.violations.map((violation) => (
          <li key={violation.message}>{violation.message}</li>
        ))}
      </ul>
      {invalid.resolution && (
        <div className="conflict__actions">
          <button type="button" className="button button--primary button--small" onClick={() => onApply(invalid.resolution!.selection)}>
            {t('conflict.apply')}
          </button>
        </div>
      )}
    </div>
  );
}
