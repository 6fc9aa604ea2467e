import type { DealerPlace } from './dealer-place';

/** Placeholder until this section is built. */
export function CalendarSection(_props: { place: DealerPlace }) {
  return null;
}
