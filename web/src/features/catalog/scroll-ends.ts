/** Which ends of a sideways-scrolling row hide chips: "start", "end", "both", or undefined when all show. */
export function hiddenEnds(scrollLeft: number, clientWidth: number, scrollWidth: number): 'start' | 'end' | 'both' | undefined {
  // A pixel of slack: zoomed pages report fractional widths.
  const start = scrollLeft > 1;
  const end = scrollLeft + clientWidth < scrollWidth - 1;
  return start && end ? 'both' : start ? 'start' : end ? 'end' : undefined;
}
