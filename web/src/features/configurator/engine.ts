/*
 * The server's configurator engine, bundled as is: pure functions, so the buyer gets instant
 * validation, explanations and prices, and the server re-validates the same rules on save.
 */
export { compileModel, fromModelDetail, price, resolve, validate } from '../../../../src/modules/configurator/engine/index.js';
export type {
  Change,
  CompiledModel,
  PriceBreakdown,
  Resolution,
  Selection,
  Violation,
} from '../../../../src/modules/configurator/engine/index.js';

/**
 * The plate-registration fee for the live on-the-road estimate, in fen: the store's default
 * (stores.plate_fee). Replace with the store's own figure once the store API exposes it; the saved
 * configuration always carries the fee the server applied.
 */
export const PLATE_FEE_ESTIMATE = 50_000;
