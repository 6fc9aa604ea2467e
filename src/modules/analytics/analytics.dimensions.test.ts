import { describe, expect, it } from 'vitest';
import { channelOf } from './analytics.dimensions.js';

describe('channelOf', () => {
  it('is unknown without a User-Agent', () => {
    expect(channelOf(undefined)).toBe('unknown');
    expect(channelOf('')).toBe('unknown');
    expect(channelOf('   ')).toBe('unknown');
  });

  it('recognises phones', () => {
    const phones = [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
      'Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.47',
      'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
    ];
    for (const ua of phones) expect(channelOf(ua)).toBe('phone');
  });

  it('counts computers and tablets as desktop', () => {
    const desktops = [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
      'curl/8.5.0',
    ];
    for (const ua of desktops) expect(channelOf(ua)).toBe('desktop');
  });
});
