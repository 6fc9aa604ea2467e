import { fastifyHelmet } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';

/*
 * The built web app loads only its own hashed scripts and stylesheets (no inline <script> or
 * <style> in dist/web/index.html); React sets styles through the DOM, which CSP allows, and
 * icons and QR codes are data: or inline SVG. So nothing inline and nothing from elsewhere.
 */
const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Helmet adds it by default; over plain http (a developer's machine) it would break every request.
  upgradeInsecureRequests: null,
};

/** Swagger UI at /api/docs styles parts of itself inline; only its pages get that allowance. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The app's policy for a page rendered on the server (http/first-view.ts), whose markup carries
 * its stylesheet and the script that starts the app inline, and the style attributes React
 * would otherwise set through the CSSOM (a store's colours, paint swatches): those exact texts,
 * by hash, and nothing else inline.
 */
export function appCspForRenderedPage({ scripts, styles }: { scripts: string[]; styles: string[] }): string {
  const directives: Record<string, string[] | null> = { ...APP_CSP };
  const sources = (hashes: string[]) => hashes.map((hash) => `'sha256-${hash}'`);
  if (scripts.length > 0) directives.scriptSrc = [...APP_CSP.scriptSrc, ...sources(scripts)];
  if (styles.length > 0) directives.styleSrc = [...APP_CSP.styleSrc, "'unsafe-hashes'", ...sources(styles)];
  return Object.entries(directives)
    .filter((entry): entry is [string, string[]] => entry[1] !== null)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}

const HSTS = 'max-age=31536000; includeSubDomains';

/** Helmet's own rendering of the policy above, done once: the header is the same on every answer. */
function renderCsp(): string {
  let rendered = '';
  const res = { setHeader: (_name: string, value: string) => (rendered = value) };
  fastifyHelmet.contentSecurityPolicy({ useDefaults: false, directives: APP_CSP })({} as never, res as never, () => {});
  if (!rendered) throw new Error('the content security policy rendered empty');
  return rendered;
}

/**
 * Helmet's headers as configured here (its defaults, framing denied, no referrer, no HSTS,
 * no COEP), written out once rather than rebuilt by helmet on every request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': renderCsp(),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/**
 * What only a document reads: the policy a page runs under, its framing, its browsing context.
 * A script, stylesheet or image of the build goes without them (src/http/web.ts): they are ~500
 * of its header bytes, sent uncompressed with each of a page's dozen files over HTTP/1.1.
 * Kept on every file: nosniff, the resource policy and the referrer policy (which a module
 * script's imports and a stylesheet's url()s follow).
 */
export const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
] as const satisfies readonly (keyof typeof SECURITY_HEADERS)[];

/**
 * Security headers on every answer, API, problem or page: a CSP, no framing, no sniffing,
 * no referrer. HSTS only when the request came over https (directly or from a trusted proxy),
 * so a plain-http development server never pins a browser to https. Called from the app's
 * first onRequest hook, so even an answer given there carries them.
 */
export function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}
