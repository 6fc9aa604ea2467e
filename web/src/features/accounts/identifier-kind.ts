export type IdentifierKind = 'phone' | 'email';

/**
 * What the field holds: an email as soon as it has a letter or an "@" (typed, pasted or filled
 * in by a password manager), else what the buyer chose, a mobile number unless they asked for email.
 */
export function identifierKindOf(text: string, chosen: IdentifierKind = 'phone'): IdentifierKind {
  return /[@\p{L}]/u.test(text) ? 'email' : chosen;
}
