import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readAgainWhenChanged } from '../db/change-stamp.js';
import type { Db } from '../db/database.js';
import { salesVersion } from '../modules/campaigns/campaigns.service.js';
import { storefrontVersion } from '../modules/catalog/catalog.service.js';
import { offersVersion } from '../modules/vouchers/vouchers.service.js';
import { LOCALES, negotiateLocale, type Locale } from '../shared/locale.js';
import { cookiesOf } from './auth.js';
import { createReadCache } from './read-cache.js';
import { appCspForRenderedPage } from './security-headers.js';

/*
 * The first view of the hall, a store's home, a model page and its configurator, rendered on the
 * server by the web app's own components (web/src/entry-server.tsx, built to dist/web-ssr) from
 * the API answers the page would fetch, which the page embeds so the browser hydrates it without
 * a request.
 *
 * A page depends on its address, its language, the catalog, and for a store's home the store's
 * sales and voucher offers: it is kept per all of them (and the minute), so a change shows in the
 * next page, and a request otherwise costs a small query (the stores), for a store's home two
 * primary key lookups (its versions), and a lookup (on SQLite, while nothing was written, the
 * lookup alone). Any other page, a query string, or an API answer other than 200 gets the plain
 * index.html, which fetches (with a 404 for a store or model that is not there).
 */

/** What web/src/entry-server.tsx exports, as the server uses it. */
export interface FirstViewRenderer {
  firstViewPage(pathname: string, defaultStore: string | null): FirstViewPage | null;
  firstViewRequests(page: FirstViewPage, locale: Locale): string[];
  renderFirstView(pathname: string, page: FirstViewPage, data: FirstViewData): { html: string; title: string };
  /** The pages loaded on demand it renders, by kind: their module and messages, as the web build's manifest names them. */
  pagesOnDemand: Record<string, PageOnDemand>;
}

export interface PageOnDemand {
  module: string;
  messages: string;
}

/** The page, as far as the server looks into it: the store it belongs to, if any. */
type FirstViewPage = { kind: string; store?: string };

interface FirstViewData {
  locale: Locale;
  kind: string;
  answers: Record<string, { status: number; body: unknown }>;
}

/** The cookie the web app sets when the buyer picks a language (web/src/i18n/i18n-context.tsx). */
export const LOCALE_COOKIE = 'vitrine.locale';
/** Pages kept; beyond that the least recently used go. Entries are some 10-40 KB with their compressed copies. */
const MAX_PAGES = 300;
/** Longer addresses name no page rendered here (store and model slugs are at most 63 characters). */
const MAX_PATH_LENGTH = 160;

interface RenderedPage {
  etag: string;
  csp: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** The page names something its store does not have (an API answer of 404): the app says so. */
class PageNotFound extends Error {}

/** What every rendered page is made from: the catalog and the stores open. */
const storefront = readAgainWhenChanged((db: Db) => storefrontVersion(db));
/** What a store's home is made from besides: its sales and voucher offers, each a primary key lookup. */
const bannerVersions = readAgainWhenChanged(async (db: Db, storeId: string) => {
  const [sales, offers] = await Promise.all([salesVersion(db, storeId), offersVersion(db, storeId)]);
  return `${sales}:${offers}`;
});

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The server build of the web app beside `webDir` (dist/web-ssr for dist/web), when it was built. */
export async function loadFirstViewRenderer(webDir: string): Promise<FirstViewRenderer | undefined> {
  const entry = path.join(path.dirname(webDir), `${path.basename(webDir)}-ssr`, 'entry-server.js');
  if (!fs.existsSync(entry)) return undefined;
  return (await import(pathToFileURL(entry).href)) as FirstViewRenderer;
}

export interface FirstViewPages {
  /**
   * Answers with the page rendered for the request ('sent'), or says the app alone should answer:
   * 'app' for a page not rendered here, 'app-not-found' for a store that is not open or a model
   * it does not sell (a 404 that costs no rendering, however many made-up addresses are asked for).
   */
  send(request: FastifyRequest, reply: FastifyReply): Promise<'sent' | 'app' | 'app-not-found'>;
}

export function createFirstViewPages(
  app: FastifyInstance,
  { db, renderer, shells, defaultStore }: { db: Db; renderer: FirstViewRenderer; shells: PageShells; defaultStore: string | null },
): FirstViewPages {
  const pages = createReadCache(MAX_PAGES);

  async function render(pathname: string, locale: Locale): Promise<RenderedPage | undefined> {
    const site = await answer('/api/v1/site');
    if (site.status !== 200) throw new Error(`GET /api/v1/site answered ${site.status}`);
    const page = renderer.firstViewPage(pathname, (site.body as { defaultStore: string | null }).defaultStore);
    if (!page) return undefined;
    const shell = shells.of(page.kind);
    if (!shell) return undefined;
    const keys = renderer.firstViewRequests(page, locale);
    const answers = await Promise.all(keys.map(answer));
    // A refusal under load or a failure is not the page: not kept, and this request gets the app.
    const failed = answers.find((one) => one.status !== 200 && one.status !== 404);
    if (failed) throw new Error(`an answer of the first view was ${failed.status}`);
    // A model the store does not sell costs no rendering and takes no room among the pages kept:
    // made-up addresses are as many as anyone cares to type.
    if (answers.some((one) => one.status === 404)) throw new PageNotFound();
    const data: FirstViewData = { locale, kind: page.kind, answers: Object.fromEntries([['/api/v1/site', site], ...keys.map((key, i) => [key, answers[i]])]) };
    const { html, title } = renderer.renderFirstView(pathname, page, data);
    const document = shell.html
      .replace(/<html lang="[^"]*"/, `<html lang="${locale}"`)
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
      .replace('<div id="root"></div>', `<div id="root">${html}</div><script type="application/json" id="first-view">${scriptSafeJson(data)}</script>`);
    const identity = Buffer.from(document);
    const [br, gz] = await Promise.all([
      brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } }),
      gzip(identity, { level: 6 }),
    ]);
    return {
      etag: `W/"p-${createHash('sha1').update(identity).digest('base64url').slice(0, 20)}"`,
      csp: appCspForRenderedPage({ scripts: shell.scriptHashes, styles: [...shell.styleHashes, ...styleAttributeHashes(html)] }),
      identity,
      br,
      gzip: gz,
    };
  }

  // The same answer the page would get from the API, through every hook the API has.
  async function answer(url: string): Promise<{ status: number; body: unknown }> {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.statusCode < 500 ? res.json() : null };
  }

  return {
    async send(request, reply) {
      const [pathname = '', query] = request.url.split('?', 2);
      if (query !== undefined || pathname.length > MAX_PATH_LENGTH) return 'app';
      // Only `/` depends on the site's default store; any other address is a page or not by its shape.
      const shape = pathname === '/' ? undefined : renderer.firstViewPage(pathname, null);
      if (shape === null) return 'app';
      const locale = negotiateLocale(cookiesOf(request)[LOCALE_COOKIE], request.headers['accept-language']);
      let page: RenderedPage | undefined;
      try {
        const { version, activeStores } = await storefront(db);
        if (shape?.store !== undefined && !activeStores.has(shape.store)) return 'app-not-found';
        // Only a store's home (at / too, in a single-brand deployment) shows its sales and voucher offers.
        const homeStoreId = activeStores.get((pathname === '/' ? defaultStore : shape?.kind === 'store' ? shape.store : null) ?? '');
        const banners = homeStoreId === undefined ? '' : await bannerVersions(db, homeStoreId);
        // The versions say when a page changes: the catalog, a sale or voucher offer of its store added,
        // changed or ended. What changes with time or claims (a sale opening, units left) is at most a
        // minute old, and the banners ask again once the page is live.
        const minute = Math.floor(Date.now() / 60_000);
        const key = `${createHash('sha1').update(`${version}\0${banners}`).digest('base64url')}\0${minute}\0${defaultStore ?? ''}\0${locale}\0${pathname}`;
        page = await pages.remember(key, () => render(pathname, locale));
      } catch (error) {
        if (error instanceof PageNotFound) return 'app-not-found';
        request.log.warn({ err: error }, 'first view not rendered: serving the app alone');
        return 'app';
      }
      if (!page) return 'app';
      reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', page.csp)
        .header('vary', 'Accept-Encoding, Accept-Language, Cookie')
        .header('etag', page.etag);
      if (etagMatches(request.headers['if-none-match'], page.etag)) {
        await reply.code(304).send();
        return 'sent';
      }
      const encoding = preferredEncoding(request.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      await reply.send(encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.identity);
      return 'sent';
    },
  };
}

/** index.html as a rendered page is sent: what it carries inline, and the hashes the policy allows them by. */
export interface PageShell {
  html: string;
  scriptHashes: string[];
  styleHashes: string[];
}

const STYLESHEET = /<link rel="stylesheet"(?: crossorigin)? href="(\/assets\/[\w.-]+\.css)">/g;
const ENTRY_SCRIPT = /<script type="module"(?: crossorigin)? src="(\/assets\/[\w.-]+\.js)"><\/script>/;
const MODULE_PRELOAD = /<link rel="modulepreload"(?: crossorigin)? href="(\/assets\/[\w.-]+\.js)">/g;
/** The first view's messages module in each language, which the app loads before it takes a page over (build/locale-messages.ts). */
const FIRST_VIEW_MESSAGES = /<script type="application\/json" id="first-view-messages">([^<]*)<\/script>/;

/** The first view's messages module of each language that index.html names (build/locale-messages.ts). */
export function firstViewMessagesOf(template: string): Partial<Record<Locale, string>> {
  return JSON.parse(FIRST_VIEW_MESSAGES.exec(template)?.[1] ?? '{}') as Partial<Record<Locale, string>>;
}

/**
 * index.html for a page the browser renders, in each language: it names that language's messages
 * for preloading, so the app, which waits for them before its first render, has them with its
 * scripts rather than a round trip later.
 */
export function appShellsByLocale(template: string): Map<Locale, Buffer> {
  const shells = new Map<Locale, Buffer>();
  for (const [locale, href] of Object.entries(firstViewMessagesOf(template)) as [Locale, string][]) {
    shells.set(locale, Buffer.from(template.replace('</head>', `  <link rel="modulepreload" crossorigin href="${href}">\n  </head>`)));
  }
  return shells;
}

/** The shell of each kind of rendered page; undefined for a page on demand the build does not name. */
export interface PageShells {
  of(kind: string): PageShell | undefined;
}

/**
 * index.html (`template`, built into `webDir`) shaped for a page whose content the server has
 * rendered. On a slow link the page must paint from its HTML alone: the stylesheet comes inline
 * rather than a round trip later, and the app's scripts, which only take over a page already on
 * screen, are asked for once it has painted, so they do not compete with it for the link. The
 * messages of the page's language come with them, rather than a round trip after the app starts.
 * A page loaded on demand (`pagesOnDemand`, by kind) brings its own stylesheets inline too, and its
 * scripts and messages are asked for with the app's, not after them.
 */
export function renderedPageShells(template: string, webDir: string, pagesOnDemand: Record<string, PageOnDemand>): PageShells {
  const shared = renderedPageShell(template, webDir, { scripts: [], styles: [], messages: {} });
  const manifest = readManifest(webDir);
  const onDemand = new Map<string, PageShell>();
  for (const [kind, page] of Object.entries(pagesOnDemand)) {
    const files = manifest && filesOfPage(manifest, page);
    if (files) onDemand.set(kind, renderedPageShell(template, webDir, files));
  }
  return { of: (kind) => (kind in pagesOnDemand ? onDemand.get(kind) : shared) };
}

/** Vite's build manifest: each module's file, the chunks it imports and the stylesheets it brings. */
type Manifest = Record<string, { file: string; imports?: string[]; css?: string[] }>;

function readManifest(webDir: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(webDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

interface PageFiles {
  scripts: string[];
  styles: string[];
  messages: Partial<Record<Locale, string>>;
}

/** A page's module with every chunk it imports, their stylesheets, and its messages' module in each language. */
function filesOfPage(manifest: Manifest, page: PageOnDemand): PageFiles | undefined {
  if (!manifest[page.module]) return undefined;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || scripts.has(`/${entry.file}`)) return;
    scripts.add(`/${entry.file}`);
    for (const css of entry.css ?? []) styles.add(`/${css}`);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  visit(page.module);
  const messages: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const file = manifest[`${page.messages}?locale=${locale}`]?.file;
    if (file) messages[locale] = `/${file}`;
  }
  return { scripts: [...scripts], styles: [...styles], messages };
}

function renderedPageShell(template: string, webDir: string, page: PageFiles): PageShell {
  const styleHashes: string[] = [];
  const inline = (link: string, href: string) => {
    const css = fs.readFileSync(path.join(webDir, href));
    if (css.includes('</style')) return link;
    styleHashes.push(sha256(css));
    return `<style>${css.toString('utf8')}</style>`;
  };
  let html = template.replace(STYLESHEET, inline);
  const inlined = new Set([...template.matchAll(STYLESHEET)].map((match) => match[1]));
  const pageStyles = page.styles
    .filter((href) => !inlined.has(href))
    .map((href) => inline(`<link rel="stylesheet" href="${href}">`, href))
    .join('');
  html = html.replace('</head>', `${pageStyles}</head>`);
  const entry = ENTRY_SCRIPT.exec(html)?.[1];
  if (entry === undefined) return { html, scriptHashes: [], styleHashes };
  const shared = [...html.matchAll(MODULE_PRELOAD)].map((match) => match[1]!);
  const preloads = [...new Set([...shared, ...page.scripts])].filter((href) => href !== entry);
  const firstViewMessages = firstViewMessagesOf(html);
  const messages = Object.fromEntries(LOCALES.map((locale) => [locale, [firstViewMessages[locale], page.messages[locale]].filter(Boolean)]));
  html = html.replace(ENTRY_SCRIPT, '').replace(MODULE_PRELOAD, '').replace(FIRST_VIEW_MESSAGES, '').replace(/\n\s*\n/g, '\n');
  // A frame, then a task: the scripts are requested just after the first paint. The page is
  // rendered in the language of its <html lang>, which picks the messages (one script for every language).
  const start =
    `requestAnimationFrame(()=>setTimeout(()=>{const messages=${JSON.stringify(messages)}[document.documentElement.lang]??[];` +
    `for(const href of ${JSON.stringify(preloads)}.concat(messages)){` +
    `const link=document.createElement("link");link.rel="modulepreload";link.href=href;document.head.append(link)}` +
    `const script=document.createElement("script");script.type="module";script.src=${JSON.stringify(entry)};document.head.append(script)}))`;
  html = html.replace('</body>', `<script>${start}</script>\n  </body>`);
  return { html, scriptHashes: [sha256(Buffer.from(start))], styleHashes };
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('base64');
}

/** The data as the text of a `<script type="application/json">`: nothing in it can close the element. */
function scriptSafeJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/** The SHA-256 of each distinct style attribute value in the markup, as the browser reads it. */
export function styleAttributeHashes(html: string): string[] {
  const values = new Set<string>();
  for (const match of html.matchAll(/\sstyle="([^"]*)"/g)) {
    values.add((match[1] ?? '').replace(/&(?:amp|quot|#x27|#39|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity));
  }
  return [...values].sort().map(sha256);
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => weak(tag) === weak(etag));
}

/** br when the client takes it, else gzip, else none; `;q=0` refuses. */
function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',', 20)) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (!q || Number(q.slice(2)) > 0) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}
