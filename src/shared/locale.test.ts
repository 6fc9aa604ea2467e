import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale.js';

describe('negotiateLocale', () => {
  it('prefers an explicit supported locale', () => {
    expect(negotiateLocale('fr', 'en-US,en;q=0.9')).toBe('fr');
  });

  it('ignores an unsupported explicit value and falls back to the header', () => {
    expect(negotiateLocale('de', 'en-GB,en;q=0.8')).toBe('en');
  });

  it('ranks Accept-Language by q-value and maps primary tags', () => {
    expect(negotiateLocale(undefined, 'de;q=0.9, fr-CA;q=0.5, en;q=0.7')).toBe('en');
    expect(negotiateLocale(undefined, 'zh-TW')).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'fr-CH, en;q=0.9')).toBe('fr');
  });

  it('defaults to zh-CN', () => {
    expect(negotiateLocale(undefined, undefined)).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'de, ja;q=0.5')).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'en;q=0')).toBe('zh-CN');
  });
});
