import { notFound } from '../../shared/errors.js';

export const catalogErrors = {
  storeNotFound: (store: string) => notFound('CATALOG_STORE_NOT_FOUND', `No store is called "${store}".`, { store }),
  modelNotFound: (store: string, model: string) =>
    notFound('CATALOG_MODEL_NOT_FOUND', `Store "${store}" sells no model called "${model}".`, { store, model }),
};
