import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium: the browser suite never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The storefront is designed for a phone first. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** Wide enough for the desktop layouts (checkout's QR code shows from 900 px). */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

/**
 * Where the browser suite saves its screenshots: test-results/screenshots (ignored by git), or SCREENSHOT_DIR.
 */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? path.resolve(fileURLToPath(new URL('../../test-results/screenshots', import.meta.url)));
fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

/** The path of a screenshot named `name` (e.g. "storefront-zh.png"). */
export const screenshotPath = (name: string) => path.join(SCREENSHOT_DIR, name);
