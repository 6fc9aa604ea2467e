import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import type { ConfigModel, LintReport } from '../configurator/engine/index.js';
import { catalogErrors } from './catalog.errors.js';
import { lintOffThread } from './catalog.lint-pool.js';
import { assertWithinLimits } from './catalog.limits.js';
import * as repo from './catalog.repo.js';
import { specsProblem, type TrimSpecs } from './catalog.specs.js';
import type { Availability, Powertrain, RuleKind } from './catalog.service.js';

/*
 * Brand console operations on a store's catalog. Every function takes the store the access
 * policy resolved for the caller, and every query filters by it. A model is created as a
 * draft; publishing it, and any change to a published model, must leave it lint-clean
 * (the configurator engine's lint: no unreachable option, no contradictory rule).
 */

export interface CatalogScope {
  storeId: string;
  storeSlug: string;
}

interface Deps {
  db: Db;
  clock: Clock;
}

export type ModelStatus = 'draft' | 'active' | 'retired';

export interface AdminModelView {
  slug: string;
  name: string;
  tagline: LocalizedText;
  status: ModelStatus;
  powertrain: string;
  body: string;
}

export const catalogAdminErrors = {
  lintFailed: (report: LintReport) =>
    new DomainError(
      'unprocessable',
      'CATALOG_LINT_FAILED',
      [...report.unreachableOptions.map((o) => o.message), ...report.contradictoryRules.map((r) => r.message)].join(' ') ||
        'The model has no sellable configuration.',
      { lint: report },
    ),
  exists: (what: string, code: string) =>
    new DomainError('conflict', 'CATALOG_ALREADY_EXISTS', `A ${what} called "${code}" already exists.`, { catalogCode: code }),
  unknown: (what: string, code: string) => new DomainError('not_found', 'CATALOG_NOT_FOUND', `No ${what} called "${code}".`, { catalogCode: code }),
  codeClash: (code: string) =>
    new DomainError('unprocessable', 'CATALOG_CODE_CLASH', `"${code}" is already the code of a trim or an option of this model: rules could not tell them apart.`, {
      clashingCode: code,
    }),
  invalid: (message: string) => new DomainError('unprocessable', 'CATALOG_INVALID_CHANGE', message),
};

export async function listModelsForAdmin(db: DbOrTx, scope: { storeId: string }, locale: Locale): Promise<AdminModelView[]> {
  const rows = await repo.listModelsForAdmin(db, scope.storeId);
  return rows.map((row) => ({
    slug: row.slug,
    name: localize(JSON.parse(row.name) as LocalizedText, locale),
    tagline: JSON.parse(row.tagline) as LocalizedText,
    status: row.status as ModelStatus,
    powertrain: row.powertrain,
    body: row.body,
  }));
}

async function adminModel(db: DbOrTx, scope: CatalogScope, slug: string, locale: Locale): Promise<AdminModelView> {
  const model = (await listModelsForAdmin(db, scope, locale)).find((m) => m.slug === slug);
  if (!model) throw catalogErrors.modelNotFound(scope.storeSlug, slug);
  return model;
}

/** The model as the configurator engine sees it: its active trims and options, names in every locale. */
export async function engineModelOf(db: DbOrTx, model: { id: string; slug: string; name: string; is_nev: number; seats: number }, currency: string): Promise<ConfigModel> {
  const catalog = await repo.loadModelCatalog(db, model.id);
  const text = (json: string) => JSON.parse(json) as LocalizedText;
  const trimCode = new Map(catalog.trims.map((t) => [t.id, t.code]));
  const availability = new Map<string, Record<string, Availability>>();
  for (const row of catalog.availability) {
    const code = trimCode.get(row.trim_id);
    if (!code) continue;
    const byTrim = availability.get(row.option_id) ?? {};
    byTrim[code] = row.availability as Availability;
    availability.set(row.option_id, byTrim);
  }
  return {
    slug: model.slug,
    name: text(model.name),
    nev: model.is_nev === 1,
    seats: model.seats,
    currency,
    trims: catalog.trims.map((t) => ({ code: t.code, name: text(t.name), price: Number(t.base_price) })),
    groups: catalog.groups.map((g) => ({
      code: g.code,
      name: text(g.name),
      choice: g.choice as 'single' | 'multiple',
      required: g.required === 1,
      options: catalog.options
        .filter((o) => o.group_id === g.id)
        .map((o) => ({ code: o.code, name: text(o.name), price: Number(o.price), availability: availability.get(o.id) ?? {} })),
    })),
    rules: catalog.rules.map((r) => ({ kind: r.kind as RuleKind, option: r.option_code, targets: JSON.parse(r.targets) as string[] })),
  };
}

export async function lintOf(
  db: DbOrTx,
  scope: CatalogScope,
  model: repo.AdminModelRow,
  locale: Locale,
): Promise<LintReport & { complete: boolean; publishable: boolean }> {
  const store = await repo.findStoreBySlug(db, scope.storeSlug);
  const engineModel = await engineModelOf(db, model, store?.currency ?? 'CNY');
  const trimCodes = new Set(engineModel.trims.map((t) => t.code));
  const clash = engineModel.groups.flatMap((g) => g.options).find((o) => trimCodes.has(o.code));
  if (clash) throw catalogAdminErrors.codeClash(clash.code);
  // Off the event loop and within a budget: a model too complex to check is refused (CATALOG_MODEL_TOO_COMPLEX).
  const report = engineModel.trims.length === 0 ? emptyReport() : await lintOffThread(engineModel, locale);
  const sellable = Object.values(report.validConfigurationsByTrim).some((n) => n > 0);
  const clean = report.unreachableOptions.length === 0 && report.contradictoryRules.length === 0;
  return { ...report, complete: report.complete ?? true, publishable: sellable && clean };
}

const emptyReport = (): LintReport => ({ unreachableOptions: [], contradictoryRules: [], validConfigurationsByTrim: {}, complete: true });

/** A model as the brand console edits it: its fields, its active trims and options with per-trim availability, its rules. */
export async function modelDetailForAdmin(db: Db, scope: CatalogScope, slug: string) {
  const model = await repo.findModelForAdmin(db, scope.storeId, slug);
  if (!model) throw catalogErrors.modelNotFound(scope.storeSlug, slug);
  const store = await repo.findStoreBySlug(db, scope.storeSlug);
  const engineModel = await engineModelOf(db, model, store?.currency ?? 'CNY');
  return {
    slug: model.slug,
    status: model.status as ModelStatus,
    name: engineModel.name,
    tagline: JSON.parse(model.tagline) as LocalizedText,
    body: model.body,
    powertrain: model.powertrain,
    seats: model.seats,
    nev: model.is_nev === 1,
    currency: engineModel.currency,
    trims: engineModel.trims,
    groups: engineModel.groups,
    rules: engineModel.rules,
  };
}

export async function lintModel(db: Db, scope: CatalogScope, slug: string, locale: Locale) {
  const model = await repo.findModelForAdmin(db, scope.storeId, slug);
  if (!model) throw catalogErrors.modelNotFound(scope.storeSlug, slug);
  return lintOf(db, scope, model, locale);
}

/**
 * Runs one catalog change under the write discipline (src/db/tx.ts): lock the store and the
 * model, then the change, then the lint gate for published models on what is now committed
 * or ours, then the catalog version bump (which refreshes every cached read) and the audit entry.
 */
async function change(
  deps: Deps,
  scope: CatalogScope,
  slug: string,
  actor: AuditActor,
  action: string,
  details: Record<string, unknown>,
  work: (tx: Tx, model: repo.AdminModelRow) => Promise<void>,
  locale: Locale,
): Promise<AdminModelView> {
  await inWriteTransaction(deps.db, async (tx) => {
    // Every change of a store's catalog bumps its version, so edits of one store run one at a time.
    await lockRows(tx, [['store', scope.storeId]]);
    const model = await repo.findModelForAdmin(tx, scope.storeId, slug);
    if (!model) throw catalogErrors.modelNotFound(scope.storeSlug, slug);
    await lockRows(tx, [['model', model.id]]);
    await work(tx, model);
    const after = (await repo.findModelForAdmin(tx, scope.storeId, slug))!;
    if (after.status === 'active') {
      const report = await lintOf(tx, scope, after, locale);
      if (!report.publishable) throw catalogAdminErrors.lintFailed(report);
    }
    await repo.bumpCatalogVersion(tx, scope.storeId);
    await recordAudit(tx, deps.clock, actor, { action, targetType: 'model', targetId: slug, storeId: scope.storeId, details });
  });
  return adminModel(deps.db, scope, slug, locale);
}

export interface NewModel {
  slug: string;
  name: LocalizedText;
  tagline: LocalizedText;
  body: string;
  /** Further body types it is listed under besides `body`. */
  bodyTags?: string[] | undefined;
  powertrain: Powertrain;
  seats: number;
  nev: boolean;
  origin: string;
}

/** A new model starts as a draft with the standard option groups, invisible to buyers until published. */
export async function createModel(deps: Deps, scope: CatalogScope, input: NewModel, actor: AuditActor, locale: Locale) {
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId]]);
    await createModelRows(tx, deps.clock, scope, { ...input, status: 'draft' });
    await recordAudit(tx, deps.clock, actor, {
      action: 'catalog.model_created',
      targetType: 'model',
      targetId: input.slug,
      storeId: scope.storeId,
      details: { name: input.name.en },
    });
  });
  return adminModel(deps.db, scope, input.slug, locale);
}

/** Inserts a model and its standard option groups, inside the caller's transaction. */
export async function createModelRows(tx: Tx, clock: Clock, scope: CatalogScope, input: NewModel & { status: ModelStatus }): Promise<void> {
  const modelId = newId();
  const inserted = await repo.insertModel(tx, {
    id: modelId,
    store_id: scope.storeId,
    slug: input.slug,
    name: JSON.stringify(input.name),
    tagline: JSON.stringify(input.tagline),
    body: input.body,
    body_tags: JSON.stringify(input.bodyTags ?? []),
    powertrain: input.powertrain,
    seats: input.seats,
    is_nev: input.nev ? 1 : 0,
    origin: input.origin,
    position: await repo.nextModelPosition(tx, scope.storeId),
    status: input.status,
    created_at: clock.now().toISOString(),
  });
  if (!inserted) throw catalogAdminErrors.exists('model', input.slug);
  await repo.insertOptionGroups(tx, modelId, STANDARD_GROUPS.map((g, position) => ({ ...g, id: newId(), position })));
}

const STANDARD_GROUPS = [
  { code: 'paint', name: { 'zh-CN': '车身颜色', fr: 'Peinture', en: 'Paint' }, choice: 'single', required: 1 },
  { code: 'interior', name: { 'zh-CN': '内饰', fr: 'Sellerie', en: 'Interior' }, choice: 'single', required: 1 },
  { code: 'wheels', name: { 'zh-CN': '轮毂', fr: 'Jantes', en: 'Wheels' }, choice: 'single', required: 1 },
  { code: 'packs', name: { 'zh-CN': '选装包', fr: 'Packs', en: 'Packs' }, choice: 'multiple', required: 0 },
  { code: 'accessories', name: { 'zh-CN': '精品附件', fr: 'Accessoires', en: 'Accessories' }, choice: 'multiple', required: 0 },
].map((g) => ({ ...g, name: JSON.stringify(g.name) }));

export interface ModelChanges {
  name?: LocalizedText | undefined;
  tagline?: LocalizedText | undefined;
  body?: string | undefined;
  powertrain?: Powertrain | undefined;
  seats?: number | undefined;
  nev?: boolean | undefined;
  status?: ModelStatus | undefined;
}

/** Edits a model, or moves it between draft, active (published) and retired. */
export async function updateModel(deps: Deps, scope: CatalogScope, slug: string, changes: ModelChanges, actor: AuditActor, locale: Locale) {
  return change(deps, scope, slug, actor, 'catalog.model_updated', { ...changes }, async (tx, model) => {
    if (changes.status === 'draft' && model.status !== 'draft') {
      throw catalogAdminErrors.invalid('A published model can be retired, not turned back into a draft.');
    }
    await repo.updateModelFields(tx, scope.storeId, slug, {
      ...(changes.name ? { name: JSON.stringify(changes.name) } : {}),
      ...(changes.tagline ? { tagline: JSON.stringify(changes.tagline) } : {}),
      ...(changes.body ? { body: changes.body } : {}),
      ...(changes.powertrain ? { powertrain: changes.powertrain } : {}),
      ...(changes.seats !== undefined ? { seats: changes.seats } : {}),
      ...(changes.nev !== undefined ? { is_nev: changes.nev ? 1 : 0 } : {}),
      ...(changes.status ? { status: changes.status } : {}),
    });
  }, locale);
}

export interface TrimInput {
  code: string;
  name?: LocalizedText | undefined;
  engine?: string | undefined;
  price?: number | undefined;
  status?: 'active' | 'retired' | undefined;
  /** Replaces the trim's specifications as a whole; {} says none is published. */
  specs?: TrimSpecs | undefined;
}

export async function upsertTrim(deps: Deps, scope: CatalogScope, slug: string, input: TrimInput, actor: AuditActor, locale: Locale) {
  return change(deps, scope, slug, actor, 'catalog.trim_saved', { ...input }, (tx, model) => applyTrim(tx, model, input), locale);
}

/**
 * Adds a trim the model does not have yet: a code the model already has, even on a retired
 * trim (old orders still name it), is a 409, never an overwrite of the trim behind it.
 */
export async function createTrim(deps: Deps, scope: CatalogScope, slug: string, input: TrimInput & NewTrimFields, actor: AuditActor, locale: Locale) {
  return change(deps, scope, slug, actor, 'catalog.trim_created', { ...input }, async (tx, model) => {
    if ((await repo.listTrimIds(tx, model.id)).some((t) => t.code === input.code)) throw catalogAdminErrors.exists('trim', input.code);
    await applyTrim(tx, model, input);
  }, locale);
}

interface NewTrimFields {
  name: LocalizedText;
  engine: string;
  price: number;
}

/** Creates or changes one trim of a model, inside the caller's transaction. */
export async function applyTrim(tx: Tx, model: repo.AdminModelRow, input: TrimInput): Promise<void> {
  const trims = await repo.listTrimIds(tx, model.id);
  if (!trims.some((t) => t.code === input.code)) assertWithinLimits({ trims: trims.length + 1 });
  const problem = input.specs && specsProblem(input.specs);
  if (problem) throw catalogAdminErrors.invalid(`Trim "${input.code}": ${problem}`);
  const updated = await repo.updateTrim(tx, model.id, input.code, {
    ...(input.name ? { name: JSON.stringify(input.name) } : {}),
    ...(input.engine !== undefined ? { engine: input.engine } : {}),
    ...(input.price !== undefined ? { base_price: input.price } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.specs ? { specs: JSON.stringify(input.specs) } : {}),
  });
  if (updated) return;
  if (!input.name || input.engine === undefined || input.price === undefined) {
    throw catalogAdminErrors.invalid(`A new trim needs a name, an engine and a price: "${input.code}" has no such trim yet.`);
  }
  await refuseCodeClash(tx, model.id, input.code, 'trim');
  const position = (await repo.listTrimIds(tx, model.id)).length;
  const inserted = await repo.insertTrim(tx, {
    id: newId(),
    model_id: model.id,
    code: input.code,
    name: JSON.stringify(input.name),
    engine: input.engine,
    base_price: input.price,
    price_is_estimate: 0,
    position,
    status: input.status ?? 'active',
    specs: JSON.stringify(input.specs ?? {}),
  });
  if (!inserted) throw catalogAdminErrors.exists('trim', input.code);
}

export interface OptionInput {
  code: string;
  group?: string | undefined;
  name?: LocalizedText | undefined;
  price?: number | undefined;
  swatch?: string | null | undefined;
  status?: 'active' | 'retired' | undefined;
  /** Per trim code; trims left out keep what they had (optional for a new option). */
  availability?: Record<string, Availability> | undefined;
}

export async function upsertOption(deps: Deps, scope: CatalogScope, slug: string, input: OptionInput, actor: AuditActor, locale: Locale) {
  return change(deps, scope, slug, actor, 'catalog.option_saved', { ...input }, (tx, model) => applyOption(tx, model, input), locale);
}

/** Adds an option the model does not have yet: an existing code, retired or not, is a 409. */
export async function createOption(
  deps: Deps,
  scope: CatalogScope,
  slug: string,
  input: OptionInput & { group: string; name: LocalizedText; price: number },
  actor: AuditActor,
  locale: Locale,
) {
  return change(deps, scope, slug, actor, 'catalog.option_created', { ...input }, async (tx, model) => {
    if (await repo.findOption(tx, model.id, input.code)) throw catalogAdminErrors.exists('option', input.code);
    await applyOption(tx, model, input);
  }, locale);
}

/** Creates or changes one option and its per-trim availability, inside the caller's transaction. */
export async function applyOption(tx: Tx, model: repo.AdminModelRow, input: OptionInput): Promise<void> {
  const codes = await repo.listOptionCodes(tx, model.id);
  if (!codes.includes(input.code)) assertWithinLimits({ options: codes.length + 1 });
  let option = await repo.findOption(tx, model.id, input.code);
  if (option) {
    const fields = {
      ...(input.name ? { name: JSON.stringify(input.name) } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.swatch !== undefined ? { swatch: input.swatch } : {}),
      ...(input.status ? { status: input.status } : {}),
    };
    if (Object.keys(fields).length > 0) await repo.updateOption(tx, model.id, input.code, fields);
  } else {
    if (!input.group || !input.name || input.price === undefined) {
      throw catalogAdminErrors.invalid(`A new option needs a group, a name and a price: "${input.code}" has no such option yet.`);
    }
    const group = await repo.findGroup(tx, model.id, input.group);
    if (!group) throw catalogAdminErrors.unknown('option group', input.group);
    await refuseCodeClash(tx, model.id, input.code, 'option');
    const id = newId();
    const inserted = await repo.insertOption(tx, {
      id,
      model_id: model.id,
      group_id: group.id,
      code: input.code,
      name: JSON.stringify(input.name),
      price: input.price,
      swatch: input.swatch ?? null,
      position: await repo.nextOptionPosition(tx, model.id),
      status: input.status ?? 'active',
    });
    if (!inserted) throw catalogAdminErrors.exists('option', input.code);
    option = { id, code: input.code };
  }
  if (input.availability) {
    const trimIds = new Map((await repo.listTrimIds(tx, model.id)).map((t) => [t.code, t.id]));
    const rows = Object.entries(input.availability).map(([trimCode, availability]) => {
      const trimId = trimIds.get(trimCode);
      if (!trimId) throw catalogAdminErrors.unknown('trim', trimCode);
      return { trimId, availability };
    });
    await repo.setAvailability(tx, option.id, rows);
  }
}

/** Rules name trims and options alike, so one code may not be both. */
async function refuseCodeClash(tx: Tx, modelId: string, code: string, adding: 'trim' | 'option'): Promise<void> {
  const others = adding === 'trim' ? await repo.listOptionCodes(tx, modelId) : (await repo.listTrimIds(tx, modelId)).map((t) => t.code);
  if (others.includes(code)) throw catalogAdminErrors.codeClash(code);
}

export interface RuleInput {
  kind: RuleKind;
  option: string;
  targets: string[];
  note?: LocalizedText | undefined;
}

/** Replaces the model's rules as a whole: rules only make sense together. */
export async function replaceRules(deps: Deps, scope: CatalogScope, slug: string, rules: RuleInput[], actor: AuditActor, locale: Locale) {
  return change(deps, scope, slug, actor, 'catalog.rules_replaced', { count: rules.length }, (tx, model) => applyRules(tx, model, rules), locale);
}

/** Replaces a model's rules, inside the caller's transaction; every code must exist. */
export async function applyRules(tx: Tx, model: repo.AdminModelRow, rules: RuleInput[]): Promise<void> {
  assertWithinLimits({ rules: rules.length, targetsPerRule: rules.reduce((most, r) => Math.max(most, r.targets.length), 0) });
  const known = new Set([
    ...(await repo.listTrimIds(tx, model.id)).map((t) => t.code),
    ...(await repo.loadModelCatalog(tx, model.id)).options.map((o) => o.code),
  ]);
  for (const rule of rules) {
    for (const code of [rule.option, ...rule.targets]) {
      if (!known.has(code)) throw catalogAdminErrors.unknown('option or trim', code);
    }
  }
  const fallback = (rule: RuleInput): LocalizedText => {
    const text = `${rule.option} ${rule.kind} ${rule.targets.join(', ')}`;
    return { 'zh-CN': text, fr: text, en: text };
  };
  await repo.replaceRules(
    tx,
    model.id,
    rules.map((rule) => ({
      id: newId(),
      kind: rule.kind,
      option_code: rule.option,
      targets: JSON.stringify(rule.targets),
      note: JSON.stringify(rule.note ?? fallback(rule)),
    })),
  );
}
