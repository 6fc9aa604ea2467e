import { Link } from 'wouter';
import { useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';

export function NotFound() {
  const t = useT();
  return (
    <StoreLayout>
      <div className="notice">
        <h1 className="notice__title">{t('notFound.title')}</h1>
        <p className="notice__body">{t('notFound.body')}</p>
        <Link href="/" className="button button--primary">
          {t('notFound.home')}
        </Link>
      </div>
    </StoreLayout>
  );
}
