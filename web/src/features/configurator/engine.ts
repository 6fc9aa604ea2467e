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
