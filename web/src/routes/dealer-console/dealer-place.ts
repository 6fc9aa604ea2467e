/** The dealer a console page works on: the staff member's own, or one a brand admin picked. */
export interface DealerPlace {
  store: string;
  dealer: string;
}

export const DEALER_SECTIONS = ['calendar', 'stock', 'leads', 'orders', 'profile', 'notifications'] as const;
export type DealerSection = (typeof DEALER_SECTIONS)[number];

export function isDealerSection(value: string): value is DealerSection {
  return (DEALER_SECTIONS as readonly string[]).includes(value);
}

export function dealerConsolePath(place: DealerPlace, section: DealerSection): string {
  return `/dealer/${place.store}/${place.dealer}/${section}`;
}
