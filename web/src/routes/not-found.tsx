import { Link } from 'wouter';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import { StoreLayout } from '../ui/layout';
import { useDocumentTitle } from '../ui/use-document-title';

export function NotFound() {
  return <NotFoundPage title="notFound.title" body="notFound.body" />;
}

/** An address naming a store the marketplace does not have (or no longer opens). */
export function StoreNotFound() {
  return <NotFoundPage title="notFound.storeTitle" body="notFound.storeBody" />;
}

function NotFoundPage({ title, body }: { title: MessageKey; body: MessageKey }) {
  const t = useT();
  useDocumentTitle(t(title));
  return (
    <StoreLayout>
      <div className="notice" role="alert">
        <h1 className="notice__title">{t(title)}</h1>
        <p className="notice__body">{t(body)}</p>
        <Link href="/" className="button button--primary">
          {t('notFound.home')}
        </Link>
      </div>
    </StoreLayout>
  );
}
