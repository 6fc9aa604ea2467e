/** Placeholder until this page is built. */
export function DealerPage(_props: { code: string }) {
  return null;
}
