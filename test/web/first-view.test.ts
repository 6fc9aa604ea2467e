import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirstViewRenderer } from '../../src/http/first-view.js';
import { buildApp } from '../../src/app.js';
import { createTestApp, createTestDatabase, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';
import { recordingStatements } from '../helpers/statements.js';

/*
 * The first HTML of the hall, a store's home and a model page, fetched as a client without
 * JavaScript would: the content is in the markup, in the language asked for, before any script.
 * The renderer is the web app's server entry from its sources (the build bundles the same file).
 */
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY_SERVER = path.join(PROJECT_ROOT, 'web/src/entry-server.tsx');

let ctx: TestContext;
let webDir: string;

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-first-view-'));
  // index.html as the build writes it: the entry, its preloads, the stylesheet and the first view's
  // messages in each language (build/locale-messages.ts), by hashed name.
  const built = fs
    .readFileSync(path.join(PROJECT_ROOT, 'web/index.html'), 'utf8')
    .replace('\n    <script type="module" src="/src/main.tsx"></script>', '')
    .replace(
      '</head>',
      '  <script type="module" crossorigin src="/assets/index-T3st.js"></script>\n' +
        '    <link rel="modulepreload" crossorigin href="/assets/vendor-T3st.js">\n' +
        '    <link rel="stylesheet" crossorigin href="/assets/index-T3st.css">\n' +
        '    <script type="application/json" id="first-view-messages">{"en":"/assets/storefront-messages-En.js","fr":"/assets/storefront-messages-Fr.js","zh-CN":"/assets/storefront-messages-Zh.js"}</script>\n  </head>',
    );
  fs.writeFileSync(path.join(webDir, 'index.html'), built);
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'assets/index-T3st.css'), '.hall-intro{margin:0}.topbar{display:flex}');
  // The build's manifest, as far as the configurator, a page on demand the server renders, needs it.
  fs.writeFileSync(path.join(webDir, 'assets/configurator-T3st.css'), '.configurator{display:grid}');
  fs.mkdirSync(path.join(webDir, '.vite'));
  fs.writeFileSync(
    path.join(webDir, '.vite/manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index-T3st.js', imports: ['_vendor-T3st.js'], css: ['assets/index-T3st.css'] },
      '_vendor-T3st.js': { file: 'assets/vendor-T3st.js' },
      'src/routes/configurator-page.tsx': { file: 'assets/configurator-page-T3st.js', imports: ['_vendor-T3st.js', 'index.html', '_price-bar-T3st.js'] },
      '_price-bar-T3st.js': { file: 'assets/price-bar-T3st.js', imports: ['index.html'], css: ['assets/configurator-T3st.css'] },
      'src/i18n/page-messages.ts?locale=fr': { file: 'assets/page-messages-Fr.js' },
      'src/i18n/page-messages.ts?locale=en': { file: 'assets/page-messages-En.js' },
      'src/i18n/page-messages.ts?locale=zh-CN': { file: 'assets/page-messages-Zh.js' },
    }),
  );
  const renderer = (await import(ENTRY_SERVER)) as FirstViewRenderer;
  ctx = await createTestApp({ web: { webDir, firstView: renderer } });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

/** index.html as sent for a page the browser renders: with the messages of its language to preload. */
function appShell(messages: string): string {
  const shell = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  return shell.replace('</head>', `  <link rel="modulepreload" crossorigin href="${messages}">\n  </head>`);
}

type Locale = 'zh-CN' | 'fr' | 'en';

function page(url: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({ url, headers: { accept: 'text/html', ...headers } });
}

/** The page as a browser without JavaScript shows it: the markup with every script element taken out. */
function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
}

/** The text of the markup, tags dropped, as a reader sees it. */
function textOf(html: string): string {
  return withoutScripts(html).replace(/<[^>]+>/g, ' ');
}

const KOLEOS: Record<Locale, string> = { 'zh-CN': '科雷傲', fr: 'Koleos', en: 'Koleos' };
const KADJAR: Record<Locale, string> = { 'zh-CN': '科雷嘉', fr: 'Kadjar', en: 'Kadjar' };
/** A message of each page in each language (web/src/i18n/messages.ts), proof the page speaks it. */
const HALL_TITLE: Record<Locale, string> = { 'zh-CN': 'Vitrine 汽车商城', fr: 'Vitrine, le salon automobile', en: 'Vitrine car marketplace' };
const CONFIGURE_KOLEOS: Record<Locale, string> = { 'zh-CN': '定制科雷傲', fr: 'Configurer : Koleos', en: 'Configure your Koleos' };

describe('the first HTML, without JavaScript', { timeout: 30_000 }, () => {
  for (const locale of ['zh-CN', 'fr', 'en'] as const) {
    it(`of the hall names every store's models in ${locale}`, async () => {
      const res = await page('/', { 'accept-language': `${locale},en;q=0.5` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const text = textOf(res.body);
      expect(text).toContain(KOLEOS[locale]);
      expect(text).toContain(KADJAR[locale]);
      expect(text).toContain('A110');
      expect(text).toContain(HALL_TITLE[locale]);
      expect(res.body).toContain(`<html lang="${locale}"`);
    });

    it(`of a store's home lists its range in ${locale}`, async () => {
      const res = await page('/renault', { 'accept-language': locale });
      expect(res.statusCode).toBe(200);
      const text = textOf(res.body);
      expect(text).toContain(KOLEOS[locale]);
      expect(text).toContain(KADJAR[locale]);
      // The hall lists Alpine's cars; Renault's home does not.
      expect(text).not.toContain('A110');
      expect(res.body).toMatch(/<title>[^<]*Renault[^<]*<\/title>|<title>[^<]*雷诺[^<]*<\/title>/);
    });

    it(`of a model page shows the model and its trims in ${locale}`, async () => {
      const res = await page('/renault/models/koleos', { 'accept-language': locale });
      expect(res.statusCode).toBe(200);
      const text = textOf(res.body);
      expect(text).toContain(KOLEOS[locale]);
      expect(res.body).toContain(`<title>${KOLEOS[locale]}</title>`);
      // Its trims are compared side by side, each a way into the configurator.
      expect(res.body).toMatch(/href="\/renault\/models\/koleos\/configure\?trim=/);
    });

    it(`of a configurator shows the car, its first step and its live price in ${locale}`, async () => {
      const res = await page('/renault/models/koleos/configure', { 'accept-language': locale });
      expect(res.statusCode).toBe(200);
      const detail = (await ctx.app.inject({ url: `/api/v1/stores/renault/models/koleos?locale=${locale}` })).json();
      const trim = detail.trims[0];
      expect(res.body).toContain(`<title>${CONFIGURE_KOLEOS[locale]}</title>`);
      const text = textOf(res.body);
      expect(text).toContain(trim.name);
      // The first paint's price: the first trim with nothing added, priced as the app prices it.
      expect(res.body).toMatch(/class="price-bar__amount"[^>]*>[^<]*\d/);
      const data = JSON.parse(/<script type="application\/json" id="first-view">([\s\S]*?)<\/script>/.exec(res.body)?.[1] ?? 'null');
      expect(data.kind).toBe('configurator');
      expect(Object.keys(data.answers).sort()).toEqual(
        ['/api/v1/site', `/api/v1/stores/renault?locale=${locale}`, `/api/v1/stores/renault/models/koleos?locale=${locale}`, `/api/v1/stores/renault/plate-fees?locale=${locale}`].sort(),
      );
    });
  }

  it('takes the language the buyer chose (cookie) over the browser’s', async () => {
    const res = await page('/renault', { 'accept-language': 'en', cookie: 'vitrine.locale=zh-CN' });
    expect(textOf(res.body)).toContain('科雷傲');
    expect(res.body).toContain('<html lang="zh-CN"');
  });

  it('embeds the answers it was made from as data, and allows exactly its own inline script, stylesheet and style attributes', async () => {
    const res = await page('/', { 'accept-language': 'fr' });
    const data = JSON.parse(/<script type="application\/json" id="first-view">([\s\S]*?)<\/script>/.exec(res.body)?.[1] ?? 'null');
    expect(data.locale).toBe('fr');
    expect(data.answers['/api/v1/models?locale=fr'].status).toBe(200);
    expect(data.answers['/api/v1/models?locale=fr'].body.models.map((model: { name: string }) => model.name)).toContain('Koleos');

    const csp = String(res.headers['content-security-policy']);
    const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const directive = (name: string) => csp.split('; ').find((part) => part.startsWith(`${name} `)) ?? '';
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // One script runs inline, the one that asks for the app once the page has painted; no script
    // file is named in the markup, so none competes with the page for the link.
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((match) => ({ attributes: match[1] ?? '', text: match[2] ?? '' }));
    expect(scripts.filter(({ attributes }) => /\bsrc=/.test(attributes))).toEqual([]);
    const starters = scripts.filter(({ attributes }) => attributes === '');
    expect(starters).toHaveLength(1);
    expect(starters[0]!.text).toContain('script.src="/assets/index-T3st.js"');
    expect(starters[0]!.text).toContain('"/assets/vendor-T3st.js"');
    // With them, the messages of the page's language (its <html lang>), named for every language in one script.
    expect(starters[0]!.text).toContain('"fr":["/assets/storefront-messages-Fr.js"]');
    expect(starters[0]!.text).toContain('document.documentElement.lang');
    expect(res.body).not.toContain('first-view-messages');
    expect(directive('script-src')).toBe(`script-src 'self' ${hashOf(starters[0]!.text)}`);
    expect(res.body).not.toMatch(/<link rel="modulepreload"/);
    // The stylesheet is inline, and allowed by its hash.
    expect(res.body).not.toMatch(/<link rel="stylesheet"/);
    expect(res.body).toMatch(/<style>[^<]*<\/style>\s*<\/head>/);
    const sheet = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? '';
    expect(sheet).toBe('.hall-intro{margin:0}.topbar{display:flex}');
    expect(directive('style-src')).toContain(hashOf(sheet));
    // Each store's colours are a style attribute in the markup: each value is allowed by its hash.
    const styles = [...new Set([...res.body.matchAll(/\sstyle="([^"]*)"/g)].map((match) => match[1] ?? ''))];
    expect(styles.length).toBeGreaterThanOrEqual(2);
    for (const style of styles) expect(directive('style-src')).toContain(hashOf(style.replace(/&amp;/g, '&')));
    expect(csp).toContain("'unsafe-hashes'");
  });

  it('brings a configurator its own stylesheets inline, and its chunk and messages with the app, in one allowed script', async () => {
    const res = await page('/renault/models/koleos/configure', { 'accept-language': 'en' });
    const csp = String(res.headers['content-security-policy']);
    const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const sheets = [...res.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]);
    // The entry's stylesheet once, though the page's chunks import it too, then the page's own.
    expect(sheets).toEqual(['.hall-intro{margin:0}.topbar{display:flex}', '.configurator{display:grid}']);
    for (const sheet of sheets) expect(csp).toContain(hashOf(sheet!));
    const starters = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(starters).toHaveLength(1);
    const starter = starters[0]!;
    for (const file of ['/assets/vendor-T3st.js', '/assets/configurator-page-T3st.js', '/assets/price-bar-T3st.js']) expect(starter).toContain(`"${file}"`);
    // Every chunk once; the entry is the script itself, not a preload.
    expect(starter.match(/vendor-T3st/g)).toHaveLength(1);
    expect(starter).not.toContain('"/assets/index-T3st.js",');
    expect(starter).toContain('"en":["/assets/storefront-messages-En.js","/assets/page-messages-En.js"]');
    expect(csp).toContain(`script-src 'self' ${hashOf(starter)}`);
  });

  it('is no-cache with an ETag, answers 304 to it, and goes out compressed', async () => {
    const first = await page('/renault', { 'accept-language': 'en' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"p-/);
    const again = await page('/renault', { 'accept-language': 'en', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    const br = await page('/renault', { 'accept-language': 'en', 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(first.body);
    const gz = await page('/renault', { 'accept-language': 'en', 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(first.body);
    expect(String(first.headers.vary)).toMatch(/Accept-Language/);
  });

  it('says 404 with the not-found page for an unknown store or model', async () => {
    // A store that is not open costs no rendering: the app says so, from a 404.
    for (const slug of ['lada', 'lada-2', 'renault-x']) {
      const store = await page(`/${slug}`, { 'accept-language': 'en' });
      expect(store.statusCode).toBe(404);
      expect(store.body).toBe(appShell('/assets/storefront-messages-En.js'));
      expect((await page(`/${slug}/models/koleos`)).statusCode).toBe(404);
    }
    // A model the store does not sell, or its configurator, is not rendered either: the app says so.
    for (const path of ['/renault/models/clio', '/renault/models/clio/configure', '/alpine/models/koleos', `/renault/models/made-up-${Date.now()}`]) {
      const model = await page(path, { 'accept-language': 'en' });
      expect(model.statusCode, path).toBe(404);
      expect(model.body, path).toBe(appShell('/assets/storefront-messages-En.js'));
    }
  });

  it('leaves every other page, and any address with a query, to the browser, naming the messages of its language to preload', async () => {
    for (const url of ['/signin', '/account/orders', '/renault/models/koleos/configure?trim=x', '/renault/stock', '/admin/renault', '/renault?body=suv']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(appShell('/assets/storefront-messages-Zh.js'));
    }
    // The language picked on this device wins over the browser's, as in the app.
    const french = await page('/signin', { 'accept-language': 'en', cookie: 'vitrine.locale=fr' });
    expect(french.body).toBe(appShell('/assets/storefront-messages-Fr.js'));
    expect(String(french.headers.vary)).toMatch(/Accept-Language/);
  });

  it('carries a store home\'s voucher banner in its first HTML, so it does not push the range down on arrival', async () => {
    const res = await page('/renault', { 'accept-language': 'zh-CN' });
    const data = JSON.parse(/<script type="application\/json" id="first-view">([\s\S]*?)<\/script>/.exec(res.body)?.[1] ?? 'null');
    expect(data.answers['/api/v1/stores/renault/campaigns?locale=zh-CN'].status).toBe(200);
    const offers = data.answers['/api/v1/stores/renault/voucher-offers?locale=zh-CN'];
    expect(offers.status).toBe(200);
    const onSale = offers.body.offers.find((offer: { state: string }) => offer.state === 'on_sale');
    expect(onSale).toBeDefined();
    expect(res.body).toContain(`data-testid="voucher-teaser" data-state="on_sale" href="/renault/vouchers/${onSale.slug}"`);
    expect(textOf(res.body)).toContain(onSale.name);

    // The brand ends the sale: the very next page no longer offers it, though the catalog did not change.
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const end = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/stores/renault/voucher-offers/${onSale.slug}/end`, headers: admin.headers, payload: {} });
    expect(end.statusCode).toBe(200);
    const after = await page('/renault', { 'accept-language': 'zh-CN' });
    expect(after.body).not.toContain('data-testid="voucher-teaser"');
    expect(after.headers.etag).not.toBe(res.headers.etag);
  });

  it('shows a catalog change in the very next page', async () => {
    const before = await page('/renault', { 'accept-language': 'en' });
    const model = await page('/renault/models/kadjar', { 'accept-language': 'en' });
    expect(textOf(before.body)).toContain('Kadjar');
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/stores/renault/models/kadjar',
      headers: admin.headers,
      payload: { name: { 'zh-CN': '科雷嘉新', fr: 'Kadjar Nouveau', en: 'Kadjar Renewed' } },
    });
    expect(renamed.statusCode).toBe(200);
    const after = await page('/renault', { 'accept-language': 'en' });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(textOf(after.body)).toContain('Kadjar Renewed');
    expect(textOf((await page('/', { 'accept-language': 'fr' })).body)).toContain('Kadjar Nouveau');

    // A new trim price shows on the model page.
    const detail = (await ctx.app.inject({ url: '/api/v1/stores/renault/models/kadjar?locale=en' })).json();
    const trim = detail.trims[0];
    const priced = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/stores/renault/models/kadjar/trims/${trim.code}`,
      headers: admin.headers,
      payload: { price: 12_345_600 },
    });
    expect(priced.statusCode).toBe(200);
    const repriced = await page('/renault/models/kadjar', { 'accept-language': 'en' });
    expect(repriced.body).not.toBe(model.body);
    expect(textOf(repriced.body)).toMatch(/123,456/);
  });

  it('costs no 500 for odd addresses and languages', async () => {
    const odd = [
      '/%00',
      '/renault/models/%E0%A4%A',
      `/renault/models/${'a'.repeat(150)}`,
      `/${'x'.repeat(170)}`,
      '/renault/models/koleos%2F..%2F..',
      '/RENAULT',
      '/renault//models/koleos',
    ];
    for (const url of odd) {
      const res = await page(url, { 'accept-language': 'zz;q=abc, ,;,fr;q=2, *' });
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const longLanguage = await page('/renault', { 'accept-language': Array.from({ length: 2000 }, (_, i) => `x${i};q=0.${i % 10}`).join(',') });
    expect(longLanguage.statusCode).toBe(200);
  });
});

describe('the first HTML of a single-brand deployment', { timeout: 30_000 }, () => {
  it('opens the store at / in the requested language', async () => {
    const connection = await createTestDatabase();
    const renderer = (await import(ENTRY_SERVER)) as FirstViewRenderer;
    const app = await buildApp({ db: connection.db, dialect: connection.dialect, webDir, firstView: renderer, defaultStore: 'renault' });
    try {
      const res = await app.inject({ url: '/', headers: { accept: 'text/html', 'accept-language': 'zh-CN' } });
      expect(res.statusCode).toBe(200);
      const text = textOf(res.body);
      expect(text).toContain('科雷傲');
      expect(text).not.toContain('A110');
      expect(res.body).toContain('"/api/v1/site":{"status":200,"body":{"defaultStore":"renault"}}');
    } finally {
      await app.close();
      await connection.db.destroy();
    }
  });
});

describe('a kept page', { timeout: 30_000 }, () => {
  it('costs a read of the stores, and for a store home two lookups of its own versions, none over its sales or voucher offers', async () => {
    const connection = await createTestDatabase();
    const renderer = (await import(ENTRY_SERVER)) as FirstViewRenderer;
    const { db: recorded, statements } = recordingStatements(connection.db);
    // Without the connection's change stamp, a SQLite database is read as PostgreSQL always is.
    const app = await buildApp({ db: recorded, dialect: connection.dialect, webDir, firstView: renderer });
    const tablesReadBy = async (url: string) => {
      expect((await app.inject({ url, headers: { accept: 'text/html', 'accept-language': 'en' } })).statusCode).toBe(200);
      statements.length = 0;
      const kept = await app.inject({ url, headers: { accept: 'text/html', 'accept-language': 'en' } });
      expect(kept.statusCode).toBe(200);
      expect(kept.body).toContain('id="first-view"');
      return statements.map((statement) => /\bfrom "(\w+)"/.exec(statement)?.[1]).sort();
    };
    try {
      expect(await tablesReadBy('/renault')).toEqual(['campaign_version', 'store', 'voucher_offer_version']);
      expect(await tablesReadBy('/renault/models/koleos')).toEqual(['store']);
    } finally {
      await app.close();
      await connection.db.destroy();
    }
  });
});
