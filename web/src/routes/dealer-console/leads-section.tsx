import type { DealerPlace } from './dealer-place';

/** Placeholder until this section is built. */
export function LeadsSection(_props: { place: DealerPlace }) {
  return null;
}
