import { useId } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney } from '../../ui/price';
import { availabilityOf, trimsOffering, type CatalogOption, type Configurable, type OptionGroup } from './choices';
import type { PriceBreakdown, Selection } from './engine';
import { listFormat } from '../../i18n/intl-formats';

/** How one option stands on the selected trim, for the picker to show. */
interface OptionView {
  option: CatalogOption;
  fitted: boolean;
  standard: boolean;
  unavailable: boolean;
  /** The pack whose price covers this option. */
  coveredBy: CatalogOption | undefined;
  /** Can be tapped: not a fitment the trim or a pack imposes, and offered on some trim. */
  actionable: boolean;
  /** The option just chosen that is waiting on a conflict's answer. */
  pending: boolean;
}

function viewOf(
  model: Configurable,
  group: OptionGroup,
  option: CatalogOption,
  selection: Selection,
  breakdown: PriceBreakdown | null,
  pendingCode: string | undefined,
): OptionView {
  const availability = availabilityOf(option, selection.trim);
  const line = breakdown?.options.find((candidate) => candidate.code === option.code);
  const fitted = line !== undefined;
  const standard = availability === 'standard';
  const coveredBy = line?.coveredBy ? model.optionOf.get(line.coveredBy) : undefined;
  const imposed = group.choice === 'multiple' && fitted && (standard || (coveredBy !== undefined && !selection.options.includes(option.code)));
  const offeredSomewhere = trimsOffering(model, option.code).length > 0;
  return {
    option,
    fitted,
    standard,
    unavailable: availability === 'unavailable',
    coveredBy,
    actionable: !imposed && offeredSomewhere && !(group.choice === 'single' && fitted),
    pending: pendingCode === option.code,
  };
}

interface PickerProps {
  model: Configurable;
  group: OptionGroup;
  selection: Selection;
  breakdown: PriceBreakdown | null;
  pendingCode: string | undefined;
  onChoose(code: string): void;
}

/** Paints as colour swatches, three to a row on a phone. */
export function SwatchGrid({ model, group, selection, breakdown, pendingCode, onChoose }: PickerProps) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <ul className="swatch-grid" role="list">
      {group.options.map((option) => {
        const view = viewOf(model, group, option, selection, breakdown, pendingCode);
        return (
          <li key={option.code}>
            <button
              type="button"
              className="swatch-tile"
              aria-pressed={view.fitted}
              data-pending={view.pending || undefined}
              data-unavailable={view.unavailable || undefined}
              disabled={!view.actionable && !view.fitted}
              onClick={() => view.actionable && onChoose(option.code)}
            >
              <span className="swatch swatch--large" style={{ background: option.swatch ?? undefined }} aria-hidden="true" />
              <span className="swatch-tile__name">{option.name}</span>
              <span className="swatch-tile__price">{priceLabel(view, t, locale)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Interiors, wheels, packs and accessories as rows: radio-like in a single-choice group, check-like otherwise. */
export function OptionList({ model, group, selection, breakdown, pendingCode, onChoose }: PickerProps) {
  const trimName = model.detail.trims.find((trim) => trim.code === selection.trim)?.name ?? selection.trim;
  return (
    <ul className="option-list" role="list">
      {group.options.map((option) => (
        <li key={option.code}>
          <OptionRow
            view={viewOf(model, group, option, selection, breakdown, pendingCode)}
            multiple={group.choice === 'multiple'}
            trimName={trimName}
            offeredOn={trimsOffering(model, option.code).map((trim) => trim.name)}
            onChoose={onChoose}
          />
        </li>
      ))}
    </ul>
  );
}

function OptionRow({
  view,
  multiple,
  trimName,
  offeredOn,
  onChoose,
}: {
  view: OptionView;
  multiple: boolean;
  trimName: string;
  offeredOn: string[];
  onChoose(code: string): void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const nameId = useId();
  const priceId = useId();
  const noteId = useId();
  const { option } = view;
  const list = listFormat(locale, { type: 'disjunction' });
  const note = view.unavailable
    ? `${t('option.unavailableOn', { trim: trimName })}${offeredOn.length ? ` ${t('option.offeredOn', { trims: list.format(offeredOn) })}` : ''}`
    : view.coveredBy && view.fitted
      ? t('option.coveredBy', { pack: view.coveredBy.name })
      : view.standard && view.fitted && multiple
        ? t('option.standardOnTrim')
        : undefined;
  return (
    <button
      type="button"
      className="option-row"
      aria-pressed={view.fitted}
      aria-labelledby={`${nameId} ${priceId}`}
      aria-describedby={note ? noteId : undefined}
      data-multiple={multiple || undefined}
      data-pending={view.pending || undefined}
      data-unavailable={view.unavailable || undefined}
      data-locked={(multiple && !view.actionable && view.fitted) || undefined}
      disabled={!view.actionable && !view.fitted}
      onClick={() => view.actionable && onChoose(option.code)}
    >
      <span className="option-row__mark" aria-hidden="true">
        {view.fitted && (
          <svg viewBox="0 0 20 20" width="14" height="14">
            <path d="m4.5 10.5 3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        )}
      </span>
      <span className="option-row__text">
        <span className="option-row__name" id={nameId}>
          {option.name}
        </span>
        {note && (
          <span className="option-row__note" id={noteId}>
            {view.unavailable && <LockIcon />}
            {note}
          </span>
        )}
      </span>
      <span className="option-row__price" id={priceId}>
        {priceLabel(view, t, locale)}
      </span>
    </button>
  );
}

function priceLabel(view: OptionView, t: ReturnType<typeof useT>, locale: Parameters<typeof formatMoney>[1]): string {
  if (view.standard && !view.unavailable) return t('option.standard');
  if (view.coveredBy && view.fitted) return t('option.included');
  if (view.option.price.amount === 0) return view.unavailable ? '' : t('option.noCharge');
  return `+${formatMoney(view.option.price, locale)}`;
}

function LockIcon() {
  return (
    <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true" className="option-row__lock">
      <rect x="4.5" y="9" width="11" height="8" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M7 9V6.8a3 3 0 0 1 6 0V9" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
