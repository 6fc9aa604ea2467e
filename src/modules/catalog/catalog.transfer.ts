import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { Db, DbOrTx } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { LocalizedText } from '../../shared/locale.js';
import { FenSchema, NameSchema } from '../../shared/schemas.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { applyOption, applyRules, applyTrim, catalogAdminErrors, createModelRows, lintOf, type CatalogScope } from './catalog.admin.js';
import * as repo from './catalog.repo.js';
import { readSpecs, TrimSpecsSchema } from './catalog.specs.js';
import type { Availability } from './catalog.service.js';

/*
 * Catalog import and export for `vitrine catalog`. A JSON document carries whole models;
 * a CSV price list carries prices (and names) of trims and options. An import is checked in
 * full first (errors name the row or JSON path), shown as a diff, then applied in one
 * transaction that lints every published model it touches: all of it lands, or nothing.
 * Absence never deletes: retire things explicitly with a status.
 */

const Text = Type.Object({ 'zh-CN': NameSchema(200), fr: NameSchema(200), en: NameSchema(200) });
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Fen = FenSchema;
const Status = Type.Union([Type.Literal('active'), Type.Literal('retired')]);

const DocumentSchema = Type.Object({
  format: Type.Literal('vitrine-catalog/1'),
  store: Code,
  currency: Type.String(),
  models: Type.Array(
    Type.Object({
      slug: Code,
      status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]),
      name: Text,
      tagline: Text,
      body: Type.String({ pattern: '^[a-z-]{1,20}$' }),
      bodyTags: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z-]{1,20}$' }), { maxItems: 5 })),
      powertrain: Type.Union([Type.Literal('ICE'), Type.Literal('HEV'), Type.Literal('PHEV'), Type.Literal('BEV')]),
      seats: Type.Integer({ minimum: 1, maximum: 9 }),
      nev: Type.Boolean(),
      origin: Type.Union([Type.Literal('local'), Type.Literal('import')]),
      // specs: left out, the trim keeps the specifications it has; {} says none is published.
      trims: Type.Array(Type.Object({ code: Code, name: Text, engine: NameSchema(60), price: Fen, status: Status, specs: Type.Optional(TrimSpecsSchema) })),
      optionGroups: Type.Array(
        Type.Object({
          code: Code,
          options: Type.Array(
            Type.Object({
              code: Code,
              name: Text,
              price: Fen,
              swatch: Type.Union([Type.String({ pattern: '^#[0-9a-f]{6}$' }), Type.Null()]),
              status: Status,
              availability: Type.Record(Code, Type.Union([Type.Literal('standard'), Type.Literal('unavailable')])),
            }),
          ),
        }),
      ),
      rules: Type.Array(
        Type.Object({
          kind: Type.Union([Type.Literal('requires'), Type.Literal('excludes'), Type.Literal('includes')]),
          option: Code,
          targets: Type.Array(Code, { minItems: 1 }),
          note: Text,
        }),
      ),
    }),
  ),
});

export type CatalogDocument = Static<typeof DocumentSchema>;
type DocModel = CatalogDocument['models'][number];

export interface ImportError {
  /** "line 7" for a CSV row, "models[1].trims[0].price" for a JSON path. */
  where: string;
  message: string;
}

export class ImportRejected extends DomainError {
  constructor(readonly errors: ImportError[]) {
    super('invalid', 'CATALOG_IMPORT_INVALID', errors.map((e) => `${e.where}: ${e.message}`).join('\n'), { errors });
  }
}

export async function exportCatalog(db: DbOrTx, store: { id: string; slug: string; currency: string }): Promise<CatalogDocument> {
  const models = await repo.listModelsForAdmin(db, store.id);
  const result: DocModel[] = [];
  for (const row of models) {
    const model = (await repo.findModelForAdmin(db, store.id, row.slug))!;
    const catalog = await repo.loadModelCatalog(db, model.id);
    const trimCode = new Map(catalog.trims.map((t) => [t.id, t.code]));
    const text = (json: string) => JSON.parse(json) as LocalizedText;
    result.push({
      slug: model.slug,
      status: model.status as DocModel['status'],
      name: text(model.name),
      tagline: text(model.tagline),
      body: model.body,
      ...(model.body_tags !== '[]' ? { bodyTags: JSON.parse(model.body_tags) as string[] } : {}),
      powertrain: model.powertrain as DocModel['powertrain'],
      seats: model.seats,
      nev: model.is_nev === 1,
      origin: model.origin as DocModel['origin'],
      trims: catalog.trims.map((t) => ({
        code: t.code,
        name: text(t.name),
        engine: t.engine,
        price: Number(t.base_price),
        status: 'active' as const,
        ...(t.specs !== '{}' ? { specs: readSpecs(t.specs) } : {}),
      })),
      optionGroups: catalog.groups.map((g) => ({
        code: g.code,
        options: catalog.options
          .filter((o) => o.group_id === g.id)
          .map((o) => ({
            code: o.code,
            name: text(o.name),
            price: Number(o.price),
            swatch: o.swatch,
            status: 'active' as const,
            availability: Object.fromEntries(
              catalog.availability
                .filter((a) => a.option_id === o.id && trimCode.has(a.trim_id))
                .map((a) => [trimCode.get(a.trim_id)!, a.availability as 'standard' | 'unavailable']),
            ),
          })),
      })),
      rules: catalog.rules.map((r) => ({
        kind: r.kind as 'requires',
        option: r.option_code,
        targets: JSON.parse(r.targets) as string[],
        note: text(r.note),
      })),
    });
  }
  return { format: 'vitrine-catalog/1', store: store.slug, currency: store.currency, models: result };
}

const CSV_HEADER = ['model', 'item', 'code', 'price_fen', 'name_zh-CN', 'name_fr', 'name_en'];

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The price list: one row per trim and option, prices in fen. */
export function toPriceList(document: CatalogDocument): string {
  const rows = [CSV_HEADER];
  for (const model of document.models) {
    for (const trim of model.trims) rows.push([model.slug, 'trim', trim.code, String(trim.price), trim.name['zh-CN'], trim.name.fr, trim.name.en]);
    for (const group of model.optionGroups) {
      for (const option of group.options) {
        rows.push([model.slug, 'option', option.code, String(option.price), option.name['zh-CN'], option.name.fr, option.name.en]);
      }
    }
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. Rows keep their line numbers. */
function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f !== '')) rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += char;
  }
  fields.push(field);
  if (fields.some((f) => f !== '')) rows.push({ line: rowLine, fields });
  return rows;
}

/** Applies a CSV price list to the current document, or lists every bad row. */
export function applyPriceList(current: CatalogDocument, csv: string): CatalogDocument {
  const next = structuredClone(current);
  const errors: ImportError[] = [];
  const rows = parseCsv(csv);
  const header = rows.shift();
  if (!header || header.fields.slice(0, 4).join(',') !== CSV_HEADER.slice(0, 4).join(',')) {
    throw new ImportRejected([{ where: 'line 1', message: `the header must start with ${CSV_HEADER.slice(0, 4).join(',')}` }]);
  }
  for (const { line, fields } of rows) {
    const where = `line ${line}`;
    const [modelSlug = '', item = '', code = '', priceText = '', zh = '', fr = '', en = ''] = fields.map((f) => f.trim());
    const model = next.models.find((m) => m.slug === modelSlug);
    if (!model) {
      errors.push({ where, message: `no model "${modelSlug}" in store ${current.store}` });
      continue;
    }
    if (!/^\d+$/.test(priceText) || !Number.isSafeInteger(Number(priceText))) {
      errors.push({ where, message: `price_fen must be a whole number of fen, got "${priceText}"` });
      continue;
    }
    const target =
      item === 'trim'
        ? model.trims.find((t) => t.code === code)
        : item === 'option'
          ? model.optionGroups.flatMap((g) => g.options).find((o) => o.code === code)
          : undefined;
    if (!target) {
      errors.push({ where, message: item === 'trim' || item === 'option' ? `${modelSlug} has no ${item} "${code}"` : `item must be trim or option, got "${item}"` });
      continue;
    }
    target.price = Number(priceText);
    if (zh && fr && en) target.name = { 'zh-CN': zh, fr, en };
  }
  if (errors.length > 0) throw new ImportRejected(errors);
  return next;
}

export function parseDocument(json: string): CatalogDocument {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new ImportRejected([{ where: 'document', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const errors = [...Value.Errors(DocumentSchema, value)].map((e) => ({
    where: e.instancePath.split('/').slice(1).reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key), '') || 'document',
    message: e.message,
  }));
  if (errors.length > 0) throw new ImportRejected(errors.slice(0, 50));
  return value as CatalogDocument;
}

export interface DiffLine {
  model: string;
  text: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: fen % 100 ? 2 : 0 })}`;

/** What an import would change, one line per difference. */
export function diffCatalog(current: CatalogDocument, next: CatalogDocument): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const model of next.models) {
    const before = current.models.find((m) => m.slug === model.slug);
    const add = (text: string) => lines.push({ model: model.slug, text });
    if (!before) {
      add(`new ${model.status} model with ${model.trims.length} trims, ${model.optionGroups.flatMap((g) => g.options).length} options, ${model.rules.length} rules`);
      continue;
    }
    for (const key of ['status', 'body', 'powertrain', 'seats', 'nev', 'origin'] as const) {
      if (before[key] !== model[key]) add(`${key} ${String(before[key])} → ${String(model[key])}`);
    }
    const [tagsBefore, tagsAfter] = [before.bodyTags ?? [], model.bodyTags ?? []];
    if (JSON.stringify(tagsBefore) !== JSON.stringify(tagsAfter)) add(`also listed under [${tagsBefore.join(', ')}] → [${tagsAfter.join(', ')}]`);
    if (JSON.stringify(before.name) !== JSON.stringify(model.name)) add(`name → ${model.name.en}`);
    if (JSON.stringify(before.tagline) !== JSON.stringify(model.tagline)) add(`tagline → ${model.tagline.en}`);
    for (const trim of model.trims) {
      const old = before.trims.find((t) => t.code === trim.code);
      if (!old) add(`trim ${trim.code} added at ${yuan(trim.price)}`);
      else {
        if (old.price !== trim.price) add(`trim ${trim.code} price ${yuan(old.price)} → ${yuan(trim.price)}`);
        if (JSON.stringify(old.name) !== JSON.stringify(trim.name)) add(`trim ${trim.code} name → ${trim.name.en}`);
        if (old.engine !== trim.engine) add(`trim ${trim.code} engine ${old.engine} → ${trim.engine}`);
        if (trim.specs && JSON.stringify(old.specs ?? {}) !== JSON.stringify(trim.specs)) add(`trim ${trim.code} specifications changed`);
        if (old.status !== trim.status) add(`trim ${trim.code} ${trim.status}`);
      }
    }
    const oldOptions = before.optionGroups.flatMap((g) => g.options);
    for (const group of model.optionGroups) {
      for (const option of group.options) {
        const old = oldOptions.find((o) => o.code === option.code);
        if (!old) add(`option ${option.code} added to ${group.code} at ${yuan(option.price)}`);
        else {
          if (old.price !== option.price) add(`option ${option.code} price ${yuan(old.price)} → ${yuan(option.price)}`);
          if (JSON.stringify(old.name) !== JSON.stringify(option.name)) add(`option ${option.code} name → ${option.name.en}`);
          if (JSON.stringify(old.availability) !== JSON.stringify(option.availability)) add(`option ${option.code} availability changed`);
          if (old.status !== option.status) add(`option ${option.code} ${option.status}`);
        }
      }
    }
    if (JSON.stringify(before.rules.map(({ note: _n, ...r }) => r)) !== JSON.stringify(model.rules.map(({ note: _n, ...r }) => r))) {
      add(`rules replaced (${before.rules.length} → ${model.rules.length})`);
    }
  }
  return lines;
}

export type ImportProgress = (done: number, total: number, model: string) => void;

/** Applies a document in one transaction: every model it names, then lint, then one version bump. */
export async function applyCatalog(
  deps: { db: Db; clock: Clock },
  scope: CatalogScope,
  current: CatalogDocument,
  next: CatalogDocument,
  actor: AuditActor,
  onProgress: ImportProgress = () => {},
): Promise<{ changes: number }> {
  const diff = diffCatalog(current, next);
  const touched = new Set(diff.map((line) => line.model));
  const models = next.models.filter((m) => touched.has(m.slug));
  if (models.length === 0) return { changes: 0 };
  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId]]);
    const errors: ImportError[] = [];
    for (const [index, model] of models.entries()) {
      const where = `models[${next.models.indexOf(model)}]`;
      try {
        let row = await repo.findModelForAdmin(tx, scope.storeId, model.slug);
        if (!row) {
          await createModelRows(tx, deps.clock, scope, { ...model, status: 'draft' });
          row = (await repo.findModelForAdmin(tx, scope.storeId, model.slug))!;
        }
        await repo.updateModelFields(tx, scope.storeId, model.slug, {
          name: JSON.stringify(model.name),
          tagline: JSON.stringify(model.tagline),
          body: model.body,
          body_tags: JSON.stringify(model.bodyTags ?? []),
          powertrain: model.powertrain,
          seats: model.seats,
          is_nev: model.nev ? 1 : 0,
          status: model.status,
        });
        for (const trim of model.trims) await applyTrim(tx, row, trim);
        for (const group of model.optionGroups) {
          for (const option of group.options) {
            const availability: Record<string, Availability> = Object.fromEntries(
              model.trims.map((t) => [t.code, option.availability[t.code] ?? 'optional']),
            );
            await applyOption(tx, row, { ...option, group: group.code, availability });
          }
        }
        await applyRules(tx, row, model.rules);
        const after = (await repo.findModelForAdmin(tx, scope.storeId, model.slug))!;
        if (after.status === 'active') {
          const report = await lintOf(tx, scope, after, 'en');
          if (!report.publishable) errors.push({ where, message: catalogAdminErrors.lintFailed(report).message });
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ where, message: err.message });
      }
      onProgress(index + 1, models.length, model.slug);
    }
    // One bad model rolls back the whole import.
    if (errors.length > 0) throw new ImportRejected(errors);
    await repo.bumpCatalogVersion(tx, scope.storeId);
    await recordAudit(tx, deps.clock, actor, {
      action: 'catalog.imported',
      targetType: 'store',
      targetId: scope.storeSlug,
      storeId: scope.storeId,
      details: { models: models.map((m) => m.slug), changes: diff.length },
    });
  });
  return { changes: diff.length };
}
