// The configurator engine: pure functions over a compiled model (see README.md).
export { compileModel, type CompiledModel } from './compile.js';
export { fromModelDetail } from './from-model-detail.js';
export { complexityOf, type Complexity } from './complexity.js';
export { lint, LINT_BUDGET } from './lint.js';
export { compulsoryInsurance, price, purchaseTax } from './price.js';
export { resolve, resolveWithin } from './resolve.js';
export { SEARCH_BUDGET } from './search.js';
export { validate } from './validate.js';
export type * from './types.js';
