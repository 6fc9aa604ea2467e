/** Placeholder until this page is built. */
export function TestDriveBookingPage(_props: {}) {
  return null;
}
