import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { storePaths } from '../features/catalog/catalog.api';
import { useOptionalStore } from '../features/stores/store-context';
import { useT } from '../i18n/i18n-context';

export function LoadingState({ children }: { children?: ReactNode }) {
  const t = useT();
  return (
    <div role="status" aria-busy="true" className="loading-state">
      <span className="visually-hidden">{t('state.loading')}</span>
      {children}
    </div>
  );
}

/** A page's spinner while its data is on its way. */
export function PageSpinner() {
  return (
    <LoadingState>
      <div className="page-spinner" />
    </LoadingState>
  );
}

/** What the address names does not exist (a model, a shared code): says so and leads back to the range. */
export function NotFoundState({ title, body }: { title: string; body: string }) {
  const t = useT();
  const store = useOptionalStore();
  return (
    <div className="notice" role="alert">
      <h1 className="notice__title">{title}</h1>
      <p className="notice__body">{body}</p>
      <Link href={store ? storePaths.home(store.slug) : '/'} className="button button--primary">
        {t('modelPage.back')}
      </Link>
    </div>
  );
}

export function ErrorState({ onRetry }: { onRetry: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="notice">
      <svg className="notice__icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="M12 7v6m0 3.5v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <h2 className="notice__title">{t('state.errorTitle')}</h2>
      <p className="notice__body">{t('state.errorBody')}</p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        {t('state.retry')}
      </button>
    </div>
  );
}
