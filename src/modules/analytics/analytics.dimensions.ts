/*
 * The dimensions every first-party event carries that are derived rather than given: the day
 * the dashboards count it under, and the kind of device it came from. Pure, so that the rules
 * are tested apart from the database.
 */

export type Channel = 'phone' | 'desktop' | 'unknown';

/** China keeps UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/*
 * Phones name themselves: "Mobile"/"Mobi" in Chrome, Firefox and Safari on phones, "iPhone",
 * and the WeChat and HarmonyOS phone browsers. Android without "Mobile" is a tablet, and an iPad
 * asks for desktop pages: both count as desktop, the layout they get.
 */
const PHONE = /Mobi|iPhone|iPod|Windows Phone|HarmonyOS.*Phone|Android.*Mobile/i;

/** The channel of a request from its User-Agent: unknown when it sends none. */
export function channelOf(userAgent: string | undefined): Channel {
  if (userAgent === undefined || userAgent.trim() === '') return 'unknown';
  return PHONE.test(userAgent) ? 'phone' : 'desktop';
}
