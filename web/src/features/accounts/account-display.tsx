import type { Translate } from '../../i18n/i18n-context';
import type { Locale } from '../../i18n/locales';
import type { Account, Role } from './accounts.api';

/** The first letter of the name ("李" for 李明, "R" for Renault China), on the accent colour. */
export function Avatar({ name, size = 'm' }: { name: string; size?: 's' | 'm' | 'l' }) {
  const initial = Array.from(name.trim())[0]?.toLocaleUpperCase() ?? '?';
  return (
    <span className={`avatar avatar--${size}`} aria-hidden="true">
      {initial}
    </span>
  );
}

export function roleLabel(role: Role, t: Translate): string {
  return t(`role.${role}`);
}

/** +8613800138000 reads as +86 138 0013 8000, the way Chinese numbers are grouped. */
export function formatPhone(phone: string): string {
  const match = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  return match ? `+86 ${match[1]} ${match[2]} ${match[3]}` : phone;
}

/** How the account is recognised besides its name: its phone, else its email. */
export function contactOf(account: Account): string {
  return account.phone ? formatPhone(account.phone) : (account.email ?? '');
}

export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
