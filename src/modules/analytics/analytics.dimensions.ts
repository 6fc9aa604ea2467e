/*
 * The dimensions every first-party event carries that are derived rather than given: the kind of
 * device it came from (its day is shared/calendar-days.ts's shanghaiDay). Pure, so that the rules
 * are tested apart from the database.
 */

export type Channel = 'phone' | 'desktop' | 'unknown';

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
