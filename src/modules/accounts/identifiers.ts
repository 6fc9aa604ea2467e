import type { Locale } from '../../shared/locale.js';

/**
 * Sign-in identifiers: a mainland China mobile number (11 digits starting with 1, stored
 * as +86…) or an email address (stored lower-cased). Anything else is not an identifier.
 */
export type Identifier = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

export function parseIdentifier(raw: string): Identifier | undefined {
  const trimmed = raw.trim();
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase();
    return EMAIL.test(email) && email.length <= 254 ? { kind: 'email', value: email } : undefined;
  }
  const digits = trimmed.replace(/[\s-]/g, '').replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  return MAINLAND_MOBILE.test(digits) ? { kind: 'phone', value: `+86${digits}` } : undefined;
}

/** How a destination is shown back, so a code's recipient is recognisable but not exposed. */
export function maskIdentifier(identifier: Identifier): string {
  if (identifier.kind === 'phone') return `${identifier.value.slice(0, 6)}****${identifier.value.slice(-4)}`;
  const [local = '', domain = ''] = identifier.value.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const BUYER: Record<Locale, string> = { 'zh-CN': '用户', fr: 'Client', en: 'Buyer' };

/**
 * The name a new buyer goes by until they choose one: "用户8000" for a phone ending in 8000, as
 * Chinese apps name new users, in the language they signed up in; the masked address for an
 * email. Never the masked phone itself: "+86138****8000" reads as a number, not a name, and
 * its "+" would be the avatar's letter.
 */
export function defaultDisplayName(identifier: Identifier, locale: Locale): string {
  if (identifier.kind === 'email') return maskIdentifier(identifier);
  const lastDigits = identifier.value.slice(-4);
  return locale === 'zh-CN' ? `${BUYER[locale]}${lastDigits}` : `${BUYER[locale]} ${lastDigits}`;
}
