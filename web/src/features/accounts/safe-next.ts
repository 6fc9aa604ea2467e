/**
 * A sign-in's `next`, kept only when it is a path on this site; anything else is undefined.
 * Pure (the origin is passed in), so hostile inputs are tested without a browser.
 *
 * Browsers read "//host" and "/\host" as another origin, drop tabs and newlines inside a
 * URL, and fold dot segments: "/..//example.org/" becomes "//example.org/". So the path is
 * judged after the URL parser has normalised it, as the browser will see it.
 */
export function safeNext(next: string | null | undefined, origin: string): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return undefined;
  // Backslashes and control characters have no place in a path we link to ourselves.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(origin).origin) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return undefined;
  // The sign-in pages themselves would only loop.
  if (url.pathname === '/signin' || url.pathname === '/signup') return undefined;
  return path;
}
