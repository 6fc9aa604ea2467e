import { describe, expect, it } from 'vitest';
import { safeNext } from '../../web/src/features/accounts/safe-next.js';

const ORIGIN = 'https://vitrine.example';

describe('safeNext', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNext('/admin', ORIGIN)).toBe('/admin');
    expect(safeNext('/renault/models/koleos?trim=a#price', ORIGIN)).toBe('/renault/models/koleos?trim=a#price');
    expect(safeNext('/dealer/../admin', ORIGIN)).toBe('/admin');
    // Still encoded, a path on this site: the browser does not decode it into a host.
    expect(safeNext('/%2F%2Fexample.org', ORIGIN)).toBe('/%2F%2Fexample.org');
  });

  it.each([
    ['protocol-relative', '//example.org'],
    ['backslash', '/\\example.org'],
    ['backslashes', '\\\\example.org'],
    ['dot segments folding into //', '/..//example.org/'],
    ['encoded dot segments folding into //', '/.%2e//example.org/'],
    ['dot segment then backslash', '/../\\example.org'],
    ['absolute URL', 'https://example.org/'],
    ['javascript URL', 'javascript:alert(1)'],
    ['javascript URL after a slash-free space', ' javascript:alert(1)'],
    ['tab inside //', '/\t/example.org'],
    ['newline inside //', '/\n/example.org'],
    ['the sign-in page', '/signin?next=/admin'],
    ['the sign-up page', '/signup'],
    ['nothing', ''],
    ['a relative path', 'admin'],
  ])('refuses %s', (_, input) => {
    expect(safeNext(input, ORIGIN)).toBeUndefined();
  });

  it('refuses what URLSearchParams decodes into another origin', () => {
    for (const query of ['next=%2F%2Fexample.org', 'next=%2F%5Cexample.org', 'next=%2F..%2F%2Fexample.org%2F', 'next=https%3A%2F%2Fexample.org']) {
      expect(safeNext(new URLSearchParams(query).get('next'), ORIGIN)).toBeUndefined();
    }
  });
});
