/** Placeholder until this page is built. */
export function DealerFinderPage(_props: {}) {
  return null;
}
