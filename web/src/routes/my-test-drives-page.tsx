/** Placeholder until this page is built. */
export function MyTestDrivesPage(_props: {}) {
  return null;
}
