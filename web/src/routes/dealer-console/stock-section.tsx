import type { DealerPlace } from './dealer-place';

/** Placeholder until this section is built. */
export function StockSection(_props: { place: DealerPlace }) {
  return null;
}
