import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../web/src/features/accounts/account-dates.js';
import { avatarLetter } from '../../web/src/features/accounts/avatar-letter.js';
import { identifierKindOf } from '../../web/src/features/accounts/identifier-kind.js';
import { hiddenEnds } from '../../web/src/features/catalog/scroll-ends.js';

describe('identifierKindOf', () => {
  it('opens on the phone keypad, and stays there for digits, spaces and +86', () => {
    expect(identifierKindOf('')).toBe('phone');
    expect(identifierKindOf('138 0013 8000')).toBe('phone');
    expect(identifierKindOf('+8613800138000')).toBe('phone');
  });

  it('switches to email for a letter or an @, whatever was chosen', () => {
    expect(identifierKindOf('buyer@example.com')).toBe('email');
    expect(identifierKindOf('b')).toBe('email');
    expect(identifierKindOf('@', 'phone')).toBe('email');
    expect(identifierKindOf('李')).toBe('email');
  });

  it('keeps the buyer’s choice of email while the field holds nothing that decides', () => {
    expect(identifierKindOf('', 'email')).toBe('email');
    expect(identifierKindOf('123', 'email')).toBe('email');
  });
});

describe('avatarLetter', () => {
  it('is the first letter of the name, upper-cased', () => {
    expect(avatarLetter('李明')).toBe('李');
    expect(avatarLetter(' renault China')).toBe('R');
    expect(avatarLetter('用户8000')).toBe('用');
    expect(avatarLetter('élodie')).toBe('É');
  });

  it('is nothing for a name that starts without a letter', () => {
    expect(avatarLetter('+86138****8000')).toBeUndefined();
    expect(avatarLetter('8000')).toBeUndefined();
    expect(avatarLetter('')).toBeUndefined();
  });
});

describe('hiddenEnds', () => {
  it('names the edges past which chips are hidden', () => {
    expect(hiddenEnds(0, 300, 300)).toBeUndefined();
    expect(hiddenEnds(0, 300, 520)).toBe('end');
    expect(hiddenEnds(100, 300, 520)).toBe('both');
    expect(hiddenEnds(220, 300, 520)).toBe('start');
    // Fractional widths of a zoomed page are no hidden chip.
    expect(hiddenEnds(0, 300.4, 301)).toBeUndefined();
  });
});

describe('account dates', () => {
  // 20:13 UTC on 2 December is 04:13 on 3 December in Shanghai, where orders show their times.
  const EVENING_IN_UTC = '2026-12-02T20:13:00.000Z';

  it('reads an instant in Shanghai time, whatever the device', () => {
    expect(formatDate(EVENING_IN_UTC, 'fr')).toBe('3 déc. 2026');
    expect(formatDate(EVENING_IN_UTC, 'zh-CN')).toBe('2026年12月3日');
    expect(formatDateTime(EVENING_IN_UTC, 'en')).toMatch(/^Dec 3, 2026, 4:13\sAM$/);
  });
});
