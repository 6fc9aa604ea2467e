/** Tests run at a fixed instant so expiries and timestamps are reproducible. */
export const TEST_NOW = new Date('2026-03-02T02:00:00.000Z');
