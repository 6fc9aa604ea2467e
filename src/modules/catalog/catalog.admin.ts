import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { catalogErrors } from './catalog.errors.js';
import * as repo from './catalog.repo.js';

/*
 * Brand console operations on a store's catalog. Every function takes the store the access
 * policy resolved for the caller, and every query filters by it.
 */

export interface AdminModelView {
  slug: string;
  name: string;
  tagline: LocalizedText;
  status: 'active' | 'retired';
  powertrain: string;
  body: string;
}

export async function listModelsForAdmin(db: Db, scope: { storeId: string }, locale: Locale): Promise<AdminModelView[]> {
  const rows = await repo.listModelsForAdmin(db, scope.storeId);
  return rows.map((row) => ({
    slug: row.slug,
    name: localize(JSON.parse(row.name) as LocalizedText, locale),
    tagline: JSON.parse(row.tagline) as LocalizedText,
    status: row.status as 'active' | 'retired',
    powertrain: row.powertrain,
    body: row.body,
  }));
}

export async function updateModel(
  deps: { db: Db; clock: Clock },
  scope: { storeId: string; storeSlug: string },
  modelSlug: string,
  changes: { status?: 'active' | 'retired' | undefined; tagline?: LocalizedText | undefined },
  actor: AuditActor,
  locale: Locale,
): Promise<AdminModelView> {
  await deps.db.transaction().execute(async (tx) => {
    const updated = await repo.updateModel(tx, scope.storeId, modelSlug, {
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.tagline ? { tagline: JSON.stringify(changes.tagline) } : {}),
    });
    if (!updated) throw catalogErrors.modelNotFound(scope.storeSlug, modelSlug);
    await repo.bumpCatalogVersion(tx, scope.storeId);
    await recordAudit(tx, deps.clock, actor, {
      action: 'catalog.model_updated',
      targetType: 'model',
      targetId: modelSlug,
      storeId: scope.storeId,
      details: changes,
    });
  });
  const models = await listModelsForAdmin(deps.db, scope, locale);
  const model = models.find((m) => m.slug === modelSlug);
  if (!model) throw catalogErrors.modelNotFound(scope.storeSlug, modelSlug);
  return model;
}
