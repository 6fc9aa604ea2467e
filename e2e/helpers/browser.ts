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
