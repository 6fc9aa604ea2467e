import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PARAMETERS = { issuer: 'Vitrine', algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** A new 160-bit secret, base32 as apps take it (RFC 4226 recommends 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans from a QR code. */
export function totpUri(secret: string, label: string): string {
  return new TOTP({ ...PARAMETERS, label, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step a code belongs to, allowing one step of clock drift either way, or
 * undefined when it matches none. Callers refuse a step already used (no replay).
 */
export function matchTotp(secret: string, code: string, now: Date): number | undefined {
  const totp = new TOTP({ ...PARAMETERS, secret: Secret.fromBase32(secret) });
  const timestamp = now.getTime();
  const delta = totp.validate({ token: code, timestamp, window: 1 });
  return delta === null ? undefined : totp.counter({ timestamp }) + delta;
}
