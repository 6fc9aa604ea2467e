/** The dealer a console page works on: the staff member's own, or one a brand admin picked. */
export interface DealerPlace {
  store: string;
  dealer: string;
}

export const DEALER_SECTIONS = ['calendar', 'stock', 'leads', 'orders', 'vouchers', 'profile', 'notifications'] as const;
export type DealerSection = (typeof DEALER_SECTIONS)[number];

export function isDealerSection(value: string): value is DealerSection {
  return (DEALER_SECTIONS as readonly string[]).includes(value);
}

export function dealerConsolePath(place: DealerPlace, section: DealerSection): string {
  return `/dealer/${place.store}/${place.dealer}/${section}`;
}

/** One order of the orders section (and its handover screen), named in the query so the section stays one route. */
export function dealerOrderPath(place: DealerPlace, id?: string, view?: 'handover'): string {
  const base = dealerConsolePath(place, 'orders');
  if (!id) return base;
  return `${base}?order=${encodeURIComponent(id)}${view ? `&view=${view}` : ''}`;
}
