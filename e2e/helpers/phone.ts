import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DESKTOP_VIEWPORT, PHONE_VIEWPORT } from './browser.js';
import { startWebServer, type WebServer, type WebServerOptions } from './server.js';

export interface Storefront {
  /** The running product; set once the suite's `beforeAll` has run. */
  readonly server: WebServer;
  /**
   * A fresh phone, as a buyer in China holds it: its own browser context, so nothing is shared
   * with any other (no storage, no cookies), nobody signed in, Chinese first.
   */
  openPhone(): Promise<Page>;
  /** A desktop browser (1280×800, mouse, Chinese first), as fresh as a phone. */
  openDesktop(): Promise<Page>;
}

/**
 * One server and one browser for the enclosing `describe`. Every phone a test opens is closed
 * after it, and an uncaught error in any of its pages fails that test.
 */
export function useStorefront(options: WebServerOptions = {}): Storefront {
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let pageErrors: Error[] = [];

  beforeAll(async () => {
    server = await startWebServer(options);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    pageErrors = [];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) throw new Error('the web server starts in beforeAll');
      return server;
    },
    openPhone() {
      return open({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });
    },
    openDesktop() {
      return open({ viewport: DESKTOP_VIEWPORT, isMobile: false, hasTouch: false });
    },
  };

  async function open(device: { viewport: { width: number; height: number }; isMobile: boolean; hasTouch: boolean }): Promise<Page> {
    if (!browser || !server) throw new Error('the browser starts in beforeAll');
    const context = await browser.newContext({ baseURL: server.url, ...device, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    untilTakenOverAfterLoads(page);
    page.on('pageerror', (error) => pageErrors.push(error));
    // A resource or script the Content-Security-Policy blocks fails the test like an error would.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(new Error(message.text()));
    });
    return page;
  }
}

/** How far the page scrolls sideways past the phone's width: 0 or less when it fits. */
export async function horizontalOverflow(page: Page): Promise<number> {
  const scrollWidth = await page.evaluate<number>('document.scrollingElement.scrollWidth');
  return scrollWidth - PHONE_VIEWPORT.width;
}

/**
 * A page the server rendered shows its buttons before the app can answer them: a tap that early
 * would be lost. Tests act as a buyer who waits for the page to respond, so a load resolves once
 * the app has taken such a page over.
 */
function untilTakenOverAfterLoads(page: Page): void {
  const settle = async <T>(response: T): Promise<T> => {
    if (await page.locator('script#first-view').count()) await waitForHydration(page);
    return response;
  };
  const [goto, reload] = [page.goto.bind(page), page.reload.bind(page)];
  page.goto = async (url, options) => settle(await goto(url, options));
  page.reload = async (options) => settle(await reload(options));
}

/** Resolves once React has taken the page over: the language switch then answers a tap. */
export async function waitForHydration(page: Page): Promise<void> {
  // A function rather than a string: the page's policy forbids eval. It runs in the page, where
  // React marks the nodes it has taken over (the suite's types have no DOM).
  await page.waitForFunction(() => {
    const button = (globalThis as unknown as { document: { querySelector(selector: string): object | null } }).document.querySelector('.language-switch__option');
    return button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps'));
  });
}

/**
 * Counts the page's requests in flight, from now on. `settled()` resolves once none has been
 * open for `quietMs`, counted from the call at the earliest: unlike Playwright's 'networkidle', which fires once per navigation and may
 * have fired before the app started its own requests.
 */
export function trackRequests(page: Page, quietMs = 500): { settled(): Promise<void> } {
  let open = 0;
  let lastChange = Date.now();
  const change = (by: number) => {
    open += by;
    lastChange = Date.now();
  };
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
  return {
    async settled() {
      // Quiet for quietMs after the call too, so requests about to start are waited for.
      const called = Date.now();
      while (open > 0 || Date.now() - Math.max(lastChange, called) < quietMs) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
