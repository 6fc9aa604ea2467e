import type { DealerPlace } from './dealer-place';

/** Placeholder until this section is built. */
export function ProfileSection(_props: { place: DealerPlace }) {
  return null;
}
