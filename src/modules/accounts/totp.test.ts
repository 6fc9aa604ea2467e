import { describe, expect, it } from 'vitest';
import { matchTotp, totpUri } from './totp.js';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" in base32; 6-digit codes are the last 6 of the 8 given.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors and names their step', () => {
    expect(matchTotp(RFC_SECRET, '287082', new Date(59_000))).toBe(1);
    expect(matchTotp(RFC_SECRET, '081804', new Date(1_111_111_109_000))).toBe(37_037_036);
    expect(matchTotp(RFC_SECRET, '005924', new Date(1_234_567_890_000))).toBe(41_152_263);
  });

  it('allows one step of drift, not two', () => {
    expect(matchTotp(RFC_SECRET, '081804', new Date(1_111_111_109_000 + 30_000))).toBe(37_037_036);
    expect(matchTotp(RFC_SECRET, '081804', new Date(1_111_111_109_000 + 61_000))).toBeUndefined();
    expect(matchTotp(RFC_SECRET, '000000', new Date(59_000))).toBeUndefined();
  });

  it('writes the URI an authenticator app scans', () => {
    expect(totpUri(RFC_SECRET, 'admin@renault.example.com')).toBe(
      'otpauth://totp/Vitrine:admin%40renault.example.com?issuer=Vitrine&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA1&digits=6&period=30',
    );
  });
});
