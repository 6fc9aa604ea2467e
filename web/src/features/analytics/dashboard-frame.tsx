import { useId, type ReactNode } from 'react';
import type { RequestState } from '../../api/use-request';
import { useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { ErrorState, PageSpinner } from '../../ui/request-states';

interface DashboardCardProps<T> {
  title: MessageKey;
  intro?: MessageKey | undefined;
  /** The CSV export of the table this card shows. */
  csvHref: string | undefined;
  request: RequestState<T>;
  /** Controls above the chart (granularity, breakdown). */
  controls?: ReactNode;
  /** A note about filters this card does not answer to. */
  note?: string | undefined;
  testId: string;
  children: (data: T, titleId: string) => ReactNode;
}

/**
 * One dashboard: its heading and CSV export, then its chart and table once the figures are in.
 * A new answer replaces the figures in place (marked busy while it loads), so nothing jumps.
 */
export function DashboardCard<T>({ title, intro, csvHref, request, controls, note, testId, children }: DashboardCardProps<T>) {
  const t = useT();
  const titleId = useId();
  return (
    <section className="dash-card" aria-labelledby={titleId} aria-busy={request.isLoading || undefined} data-testid={testId}>
      <header className="dash-card__header">
        <h2 className="dash-card__title" id={titleId}>
          {t(title)}
        </h2>
        {csvHref && (
          <a className="button button--secondary button--small dash-card__export" href={csvHref} download aria-label={t('dashboard.exportCsvOf', { table: t(title) })}>
            {t('dashboard.exportCsv')}
          </a>
        )}
      </header>
      {intro && <p className="dash-card__intro">{t(intro)}</p>}
      {note && <p className="dash-card__note">{note}</p>}
      {controls}
      {request.data !== undefined ? (
        children(request.data, titleId)
      ) : request.error ? (
        <ErrorState onRetry={request.retry} />
      ) : (
        <PageSpinner />
      )}
      {request.data !== undefined && request.error !== undefined && <ErrorState onRetry={request.retry} />}
    </section>
  );
}

/** A table that scrolls sideways inside its card on a narrow screen, instead of the page. */
export function DashboardTable({ labelledBy, caption, children, testId }: { labelledBy: string; caption: string; children: ReactNode; testId: string }) {
  return (
    <div className="dash-table" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="dash-table__table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

interface ChoiceProps<Value extends string> {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
}

/** A few mutually exclusive views (day, week, month): buttons, the current one pressed. */
export function Choice<Value extends string>({ label, value, options, onChange }: ChoiceProps<Value>) {
  return (
    <div className="dash-choice" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className="dash-choice__option"
          aria-pressed={option.value === value}
          onClick={() => {
            if (option.value !== value) onChange(option.value);
          }}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
