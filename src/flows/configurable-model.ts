import type { Db } from '../db/database.js';
import { inReadSnapshot } from '../db/tx.js';
import type { ReadCache } from '../http/read-cache.js';
import * as catalog from '../modules/catalog/catalog.service.js';
import { findTrimIds } from '../modules/inventory/stock.repo.js';
import type { ConfigurableModel } from '../modules/configurator/configurations.service.js';
import { configurationErrors } from '../modules/configurator/configurations.errors.js';
import { compileModel, fromModelDetail } from '../modules/configurator/engine/index.js';
import { DomainError } from '../shared/errors.js';
import { LOCALES } from '../shared/locale.js';

/**
 * The catalog's model, compiled for the configurator engine with its names in every locale.
 * Compiled once per catalog version and kept in the read cache.
 */
export async function loadConfigurableModel(
  db: Db,
  cache: ReadCache,
  store: catalog.StoreRow,
  modelSlug: string,
): Promise<ConfigurableModel> {
  return cache.remember(`${store.id}:${store.catalog_version}:configurable:${modelSlug}`, () =>
    // Every locale's view and the model id come from one snapshot of the catalog.
    inReadSnapshot(db, async (snapshot) => {
      const details = await Promise.all(
        LOCALES.map(async (locale) => {
          try {
            return [locale, await catalog.getModel(snapshot, store, modelSlug, locale)] as const;
          } catch (err) {
            if (err instanceof DomainError && err.code === 'CATALOG_MODEL_NOT_FOUND') throw configurationErrors.unknownModel(modelSlug);
            throw err;
          }
        }),
      );
      const model = fromModelDetail(Object.fromEntries(details));
      const modelId = await catalog.modelIdOf(snapshot, store, modelSlug);
      if (!modelId) throw configurationErrors.unknownModel(modelSlug);
      const trims = await findTrimIds(snapshot, modelId);
      return {
        storeId: store.id,
        modelId,
        trimIds: Object.fromEntries(trims.map((t) => [t.code, t.id])),
        catalogVersion: store.catalog_version,
        plateFee: Number(store.plate_fee),
        model,
        compiled: compileModel(model),
      };
    }),
  );
}
