import { describe, expect, it } from 'vitest';
import { defaultDisplayName, maskIdentifier, parseIdentifier } from './identifiers.js';

describe('a new buyer’s default name', () => {
  const phone = parseIdentifier('13800138000')!;

  it('is "user" and the last four digits of the phone, in the language of sign-up', () => {
    expect(defaultDisplayName(phone, 'zh-CN')).toBe('用户8000');
    expect(defaultDisplayName(phone, 'fr')).toBe('Client 8000');
    expect(defaultDisplayName(phone, 'en')).toBe('Buyer 8000');
  });

  it('never shows the phone number, masked or not', () => {
    for (const locale of ['zh-CN', 'fr', 'en'] as const) {
      const name = defaultDisplayName(phone, locale);
      expect(name).not.toContain('138');
      expect(name).not.toContain('+');
      expect(name).not.toBe(maskIdentifier(phone));
    }
  });

  it('is the masked address for an email', () => {
    expect(defaultDisplayName(parseIdentifier('Li.Ming@example.com')!, 'zh-CN')).toBe('l***@example.com');
  });
});
