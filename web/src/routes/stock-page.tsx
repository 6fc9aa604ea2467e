/** Placeholder until this page is built. */
export function StockPage(_props: {}) {
  return null;
}
