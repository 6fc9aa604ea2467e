import { useEffect } from 'react';
import { useLocation } from 'wouter';

/*
 * A page opened by a link starts at its top. Back and Forward return the buyer to where they
 * were on the page: it asks for its content again on the way back, so the browser alone finds a
 * short page, lands near the top, and the range the buyer was reading is a long scroll away.
 */

interface Place {
  top: number;
  /** How tall the page was then: it is back as it was once it is as tall again. */
  height: number;
}

/** Where each address was last seen, by path and query. */
const places = new Map<string, Place>();
/** The address Back or Forward just returned to, and where it was left. */
let cameBack: (Place & { address: string }) | undefined;
const address = () => window.location.pathname + window.location.search;
const pageHeight = () => document.documentElement.scrollHeight;

if (typeof window !== 'undefined') {
  window.addEventListener('scroll', () => places.set(address(), { top: window.scrollY, height: pageHeight() }), { passive: true });
  // Read before the new page's first scroll event (the browser's clamping) writes over it.
  window.addEventListener('popstate', () => (cameBack = { address: address(), ...(places.get(address()) ?? { top: 0, height: 0 }) }));
}

/** Following the page down as it fills in gives up after this, or at the buyer's first touch. */
const FOLLOW_MS = 3000;

export function ScrollOnNavigate(): null {
  const [path] = useLocation();
  useEffect(() => {
    const back = cameBack?.address === address() ? cameBack : undefined;
    cameBack = undefined;
    if (!back) {
      window.scrollTo(0, 0);
      return;
    }
    const stop = () => {
      growing.disconnect();
      clearTimeout(giveUp);
      for (const input of INPUTS) window.removeEventListener(input, stop);
    };
    // What fills in above (a sale's banner) moves the place down: followed until all of it is back.
    const reach = () => {
      window.scrollTo(0, back.top);
      if (Math.abs(window.scrollY - back.top) < 1 && pageHeight() >= back.height) stop();
    };
    const growing = new ResizeObserver(reach);
    const giveUp = setTimeout(stop, FOLLOW_MS);
    growing.observe(document.body);
    for (const input of INPUTS) window.addEventListener(input, stop, { passive: true });
    reach();
    return stop;
  }, [path]);
  return null;
}

/** What says the buyer has started scrolling themselves. */
const INPUTS = ['touchstart', 'wheel', 'keydown'] as const;
