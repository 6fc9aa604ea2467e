import type { Translate } from '../../i18n/i18n-context';
import type { Account, Role } from './accounts.api';
import { avatarLetter } from './avatar-letter';

/** The person's initial on the accent colour, or a neutral figure when their name has no letter to show. */
export function Avatar({ name, size = 'm' }: { name: string; size?: 's' | 'm' | 'l' }) {
  const letter = avatarLetter(name);
  return (
    <span className={`avatar avatar--${size}`} aria-hidden="true">
      {letter ?? (
        <svg viewBox="0 0 24 24" width="60%" height="60%">
          <circle cx="12" cy="8.5" r="4" fill="currentColor" />
          <path d="M4 20.5c1.2-3.8 4.4-5.8 8-5.8s6.8 2 8 5.8Z" fill="currentColor" />
        </svg>
      )}
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
