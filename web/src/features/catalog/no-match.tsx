import { useT } from '../../i18n/i18n-context';

/** What a search that found nothing says, with the one action that helps: clear the filters. */
export function NoMatch({ onClear }: { onClear(): void }) {
  const t = useT();
  return (
    <div className="empty-state">
      <svg className="empty-state__icon" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="21" cy="21" r="12" fill="none" stroke="currentColor" strokeWidth="2.5" />
        <path d="m30 30 9 9M16 21h10" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <h3 className="empty-state__title">{t('filters.emptyTitle')}</h3>
      <p className="empty-state__body">{t('filters.emptyBody')}</p>
      <button type="button" className="button button--secondary button--small" onClick={onClear}>
        {t('filters.clear')}
      </button>
    </div>
  );
}
