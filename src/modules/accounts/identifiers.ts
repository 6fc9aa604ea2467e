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
