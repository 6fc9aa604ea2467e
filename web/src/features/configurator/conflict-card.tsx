import { useEffect, useId, useRef } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import { formatMoney, formatMoneyDelta } from '../../ui/price';
import { priceOf, type Configurable, type Conflict } from './choices';
import type { PriceBreakdown } from './engine';
import type { Undo } from './use-configurator';
import { listFormat } from '../../i18n/intl-formats';

/**
 * A choice that breaks a rule, explained in the engine's words, with the smallest fix one tap
 * away and what that fix does to the price. Scrolled into view, since it answers the tap.
 */
export function ConflictCard({
  model,
  conflict,
  current,
  onFix,
  onDismiss,
}: {
  model: Configurable;
  conflict: Conflict;
  /** The price before the choice, to show what the fix adds or saves. */
  current: PriceBreakdown | null;
  onFix(): void;
  onDismiss(): void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [conflict]);

  const nameOf = (code: string) => model.optionOf.get(code)?.name ?? code;
  const trimName = (code: string) => model.detail.trims.find((trim) => trim.code === code)?.name ?? code;
  const list = (codes: string[]) => listFormat(locale, { type: 'conjunction' }).format(codes.map(nameOf));
  const { fix, intent } = conflict;
  const summary = !fix
    ? intent && intent.kind === 'option'
      ? t('conflict.impossible', { option: nameOf(intent.code) })
      : t('conflict.noFix')
    : fix.summary ?? t('conflict.removalSummary', { option: nameOf(intent?.code ?? ''), list: list(fix.removes ?? []) });
  // The engine's summary of a one-step fix is often the violation itself ("the Koleos has no option
  // X"): said once is enough.
  const reasons = [...new Set(conflict.violations.map((violation) => violation.message))].filter((reason) => reason !== summary);
  const fixPrice = fix ? priceOf(model, fix.selection) : null;
  // Side effects only: the chosen option and the fix's own changes are already said above.
  const said = new Set([intent?.code, ...(fix?.changed ?? [])]);
  const added = fix?.effects.added.filter((code) => !said.has(code)) ?? [];
  const removed = fix?.effects.removed.filter((code) => !said.has(code)) ?? [];
  const fixLabel = fix?.switchesTo
    ? t('conflict.switchTo', { trim: trimName(fix.switchesTo) })
    : fix?.removes
      ? t('conflict.removeToo')
      : t('conflict.apply');

  return (
    <section className="conflict" role="alert" aria-labelledby={titleId} ref={ref}>
      <div className="conflict__head">
        <svg className="conflict__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path d="M12 3.5 22 20.5H2Z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
          <path d="M12 10v4.5m0 2.8v.2" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <h3 className="conflict__title" id={titleId}>
          {intent ? t('conflict.title') : t('conflict.arrivedTitle')}
        </h3>
      </div>
      <p className="conflict__summary">{summary}</p>
      {reasons.length > 0 && (
        <ul className="conflict__reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {(added.length > 0 || removed.length > 0) && (
        <ul className="conflict__effects">
          {added.length > 0 && <li>{t('conflict.adds', { list: list(added) })}</li>}
          {removed.length > 0 && <li>{t('conflict.drops', { list: list(removed) })}</li>}
        </ul>
      )}
      {fixPrice && (
        <p className="conflict__price">
          <span>{t('conflict.newPrice')}</span>
          <strong>{formatMoney({ amount: fixPrice.listPrice, currency: fixPrice.currency }, locale)}</strong>
          {current && current.listPrice !== fixPrice.listPrice && (
            <span className="conflict__delta">
              {formatMoneyDelta({ amount: fixPrice.listPrice - current.listPrice, currency: fixPrice.currency }, locale)}
            </span>
          )}
        </p>
      )}
      <div className="conflict__actions">
        {fix && (
          <button type="button" className="button button--primary button--small" onClick={onFix}>
            {fixLabel}
          </button>
        )}
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          {intent ? t('conflict.dismiss') : t('conflict.startOver')}
        </button>
      </div>
    </section>
  );
}

/** After a fix: what changed, and the way back. */
export function UndoNotice({ model, undo, onUndo }: { model: Configurable; undo: Undo; onUndo(): void }) {
  const t = useT();
  const trimName = model.detail.trims.find((trim) => trim.code === undo.fix.switchesTo)?.name;
  return (
    <div className="undo-notice" role="status">
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" className="undo-notice__icon">
        <circle cx="10" cy="10" r="8.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="m6.5 10.2 2.3 2.3 4.7-4.9" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="undo-notice__text">{trimName ? t('conflict.switched', { trim: trimName }) : t('conflict.applied')}</span>
      <button type="button" className="undo-notice__button" onClick={onUndo}>
        {t('conflict.undo')}
      </button>
    </div>
  );
}
