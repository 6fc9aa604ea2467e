import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';

/** The model page's way into booking, with the model already chosen. */
export function BookTestDriveLink({ store, model }: { store: string; model: string }) {
  const t = useT();
  return (
    <Link href={`/${store}/test-drive?model=${encodeURIComponent(model)}`} className="button button--secondary book-drive-link">
      {t('testDrives.model.book')}
    </Link>
  );
}

/** The account page's way to the buyer's bookings. */
export function MyTestDrivesLink() {
  const t = useT();
  return (
    <Link href="/account/test-drives" className="panel panel--row my-drives-link">
      <span className="panel__title">{t('testDrives.mine.link')}</span>
      <span aria-hidden="true">›</span>
    </Link>
  );
}
