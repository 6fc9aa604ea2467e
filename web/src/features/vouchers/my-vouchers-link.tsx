import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { voucherPaths } from './vouchers.api';

/** The account page's way to the buyer's dealer vouchers. */
export function MyVouchersLink() {
  const t = useT();
  return (
    <Link href={voucherPaths.mine()} className="panel panel--row orders-link" data-testid="my-vouchers-link">
      <span className="panel__title">{t('vouchers.mine.link')}</span>
      <span aria-hidden="true">›</span>
    </Link>
  );
}
