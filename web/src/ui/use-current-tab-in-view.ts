import { useCallback } from 'react';

/**
 * A console's row of section tabs scrolls sideways on a phone: the open section's tab is scrolled
 * to the row's middle, so the tab the page is on is never one past the screen's edge. A ref for
 * the row, called again when `section` changes.
 */
export function useCurrentTabInView(section: string): (row: HTMLElement | null) => void {
  return useCallback(
    (row: HTMLElement | null) => {
      const current = row?.querySelector<HTMLElement>('[aria-current="page"]');
      if (!row || !current) return;
      const shown = row.getBoundingClientRect();
      const tab = current.getBoundingClientRect();
      // Sideways only: the page itself stays where it is.
      row.scrollLeft += tab.left - shown.left - (shown.width - tab.width) / 2;
    },
    // A new callback for a new section: React calls it again with the row, once its tabs are updated.
    [section],
  );
}
