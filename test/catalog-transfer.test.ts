import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../src/db/connect.js';
import { findStoreBySlug } from '../src/modules/catalog/catalog.repo.js';
import {
  applyCatalog,
  applyPriceList,
  diffCatalog,
  exportCatalog,
  ImportRejected,
  parseDocument,
  toPriceList,
  type CatalogDocument,
} from '../src/modules/catalog/catalog.transfer.js';
import { adversarialCatalog } from '../src/modules/configurator/adversarial.js';
import type { ConfigModel } from '../src/modules/configurator/engine/index.js';
import { fixedClock } from '../src/shared/clock.js';
import { createTestDatabase } from './helpers/app.js';
import { TEST_NOW } from './helpers/clock.js';

let connection: Connection;
let scope: { storeId: string; storeSlug: string };
let store: NonNullable<Awaited<ReturnType<typeof findStoreBySlug>>>;
const clock = fixedClock(TEST_NOW);
const cli = { userId: null, role: 'cli', ip: 'local' };

beforeAll(async () => {
  connection = await createTestDatabase();
  store = (await findStoreBySlug(connection.db, 'renault'))!;
  scope = { storeId: store.id, storeSlug: store.slug };
});
afterAll(async () => {
  await connection.db.destroy();
});

const current = () => exportCatalog(connection.db, store);
const trimPrice = async (code: string) =>
  Number((await connection.db.selectFrom('trim').select('base_price').where('code', '=', code).executeTakeFirstOrThrow()).base_price);

describe('catalog export and import', () => {
  it('round-trips: an exported document imports as no change', async () => {
    const document = await current();
    expect(document.models.map((m) => m.slug)).toEqual(['koleos', 'kadjar', 'captur', 'espace', 'city-k-ze']);
    const reread = parseDocument(JSON.stringify(document));
    expect(diffCatalog(document, reread)).toEqual([]);
    const csv = toPriceList(document);
    expect(csv.split('\n')[0]).toBe('model,item,code,price_fen,name_zh-CN,name_fr,name_en');
    expect(diffCatalog(document, applyPriceList(document, csv))).toEqual([]);
  });

  it('applies a price list: shows the diff, then changes prices, bumps the version and audits', async () => {
    const before = await current();
    const csv = toPriceList(before).replace('koleos,trim,koleos-20-2wd-comfort,17980000', 'koleos,trim,koleos-20-2wd-comfort,17580000');
    const next = applyPriceList(before, csv);
    expect(diffCatalog(before, next)).toEqual([{ model: 'koleos', text: 'trim koleos-20-2wd-comfort price ¥179,800 → ¥175,800' }]);
    const progress: number[] = [];
    const result = await applyCatalog({ db: connection.db, clock }, scope, before, next, cli, (done) => progress.push(done));
    expect(result.changes).toBe(1);
    expect(progress).toEqual([1]);
    expect(await trimPrice('koleos-20-2wd-comfort')).toBe(17_580_000);
    const audit = await connection.db.selectFrom('audit_event').selectAll().where('action', '=', 'catalog.imported').execute();
    expect(audit).toHaveLength(1);
  });

  it('names every bad CSV row by its line, and imports nothing', async () => {
    const before = await current();
    const csv = `${toPriceList(before)}koleos,trim,no-such-trim,100,,,\nespace,option,pk-x,12.5,,,\nclio,trim,x,1,,,\n`;
    const lines = csv.trimEnd().split('\n').length;
    let error: ImportRejected | undefined;
    try {
      applyPriceList(before, csv);
    } catch (err) {
      error = err as ImportRejected;
    }
    expect(error).toBeInstanceOf(ImportRejected);
    expect(error!.errors.map((e) => e.where)).toEqual([`line ${lines - 2}`, `line ${lines - 1}`, `line ${lines}`]);
  });

  it('names bad JSON fields by their path', () => {
    expect(() => parseDocument('{"format":')).toThrow(ImportRejected);
    let error: unknown;
    try {
      parseDocument(JSON.stringify({ format: 'vitrine-catalog/1', store: 'renault', currency: 'CNY', models: [{ slug: 'x', trims: [{ price: -1 }] }] }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ImportRejected);
    const paths = (error as ImportRejected).errors.map((e) => e.where);
    expect(paths).toEqual(expect.arrayContaining(['models[0]']));
  });

  it('is all or nothing: one model failing lint rolls back every model', async () => {
    const before = await current();
    const next: CatalogDocument = structuredClone(before);
    next.models[1]!.trims[0]!.price = 1_000_000; // kadjar: a valid change
    const koleos = next.models[0]!;
    const bose = koleos.optionGroups.flatMap((g) => g.options).find((o) => o.code === 'pk-bose')!;
    bose.availability = Object.fromEntries(koleos.trims.map((t) => [t.code, 'unavailable' as const]));
    const kadjarBefore = await trimPrice(before.models[1]!.trims[0]!.code);
    const versionBefore = (await findStoreBySlug(connection.db, 'renault'))!.catalog_version;

    await expect(applyCatalog({ db: connection.db, clock }, scope, before, next, cli)).rejects.toBeInstanceOf(ImportRejected);
    expect(await trimPrice(before.models[1]!.trims[0]!.code)).toBe(kadjarBefore);
    expect((await findStoreBySlug(connection.db, 'renault'))!.catalog_version).toBe(versionBefore);
    expect(diffCatalog(before, await current())).toEqual([]);
  });

  it('creates a new model from a document as it states', async () => {
    const before = await current();
    const next: CatalogDocument = structuredClone(before);
    const copy = structuredClone(before.models[2]!);
    copy.slug = 'captur-ev';
    copy.status = 'draft';
    next.models.push(copy);
    expect(diffCatalog(before, next)[0]!.text).toMatch(/^new draft model with 3 trims/);
    await applyCatalog({ db: connection.db, clock }, scope, before, next, cli);
    const after = await current();
    expect(after.models.find((m) => m.slug === 'captur-ev')?.trims).toHaveLength(3);
  });

  it('carries the further body types a model is listed under, and changes them by import', async () => {
    const before = await current();
    expect(before.models.find((m) => m.slug === 'city-k-ze')?.bodyTags).toEqual(['suv']);
    expect(before.models.find((m) => m.slug === 'koleos')).not.toHaveProperty('bodyTags');
    const next: CatalogDocument = structuredClone(before);
    next.models.find((m) => m.slug === 'captur')!.bodyTags = ['suv'];
    expect(diffCatalog(before, next)).toEqual([{ model: 'captur', text: 'also listed under [] → [suv]' }]);
    await applyCatalog({ db: connection.db, clock }, scope, before, next, cli);
    expect((await current()).models.find((m) => m.slug === 'captur')?.bodyTags).toEqual(['suv']);
  });

  it('carries trim specifications as published, changes them by import, and refuses bad ones by their path', async () => {
    const before = await current();
    const kze = before.models.find((m) => m.slug === 'city-k-ze')!;
    expect(kze.trims.map((t) => t.specs)).toEqual(
      Array(3).fill({
        battery: { value: 27000, unit: 'Wh', approximate: true },
        electricRange: { min: 250, max: 270, unit: 'km', cycle: 'NEDC', approximate: true },
        charging: { value: 50, unit: 'min', fromPercent: 0, toPercent: 80 },
      }),
    );
    // Nothing published, nothing exported: the document does not turn an absence into zeros.
    expect(before.models.find((m) => m.slug === 'espace')!.trims[0]).not.toHaveProperty('specs');

    const next: CatalogDocument = structuredClone(before);
    const espace = next.models.find((m) => m.slug === 'espace')!;
    espace.trims[0]!.specs = { power: { value: 165, unit: 'kW' }, torque: { value: 300, unit: 'N·m' } };
    expect(diffCatalog(before, next)).toEqual([{ model: 'espace', text: `trim ${espace.trims[0]!.code} specifications changed` }]);
    const reread = parseDocument(JSON.stringify(next));
    await applyCatalog({ db: connection.db, clock }, scope, before, reread, cli);
    const after = await current();
    expect(after.models.find((m) => m.slug === 'espace')!.trims[0]!.specs).toEqual({ power: { value: 165, unit: 'kW' }, torque: { value: 300, unit: 'N·m' } });
    // Left out of a document, a trim keeps its specifications.
    const without = structuredClone(after);
    delete without.models.find((m) => m.slug === 'espace')!.trims[0]!.specs;
    expect(diffCatalog(after, without)).toEqual([]);

    const bad = structuredClone(after) as unknown as { models: Array<{ trims: Array<{ specs?: unknown }> }> };
    bad.models[3]!.trims[1]!.specs = { power: { value: 225, unit: 'hp' } };
    bad.models[3]!.trims[2]!.specs = { dimensions: { length: -4857, width: 1888, height: 1677, unit: 'mm' } };
    let error: unknown;
    try {
      parseDocument(JSON.stringify(bad));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ImportRejected);
    const paths = (error as ImportRejected).errors.map((e) => e.where);
    expect(paths).toEqual(expect.arrayContaining(['models[3].trims[1].specs.power.unit', 'models[3].trims[2].specs.dimensions.length']));

    // What the schema cannot see (a range ending before it starts) is refused whole by the import.
    const backwards: CatalogDocument = structuredClone(after);
    backwards.models.find((m) => m.slug === 'city-k-ze')!.trims[0]!.specs = {
      electricRange: { min: 270, max: 250, unit: 'km', cycle: 'NEDC' },
    };
    await expect(applyCatalog({ db: connection.db, clock }, scope, after, backwards, cli)).rejects.toBeInstanceOf(ImportRejected);
    expect(diffCatalog(after, await current())).toEqual([]);
  });

  it('holds an import to the catalog limits and refuses a published model too complex to lint', async () => {
    const before = await current();
    const versionBefore = (await findStoreBySlug(connection.db, 'renault'))!.catalog_version;

    const hard = documentModel(adversarialCatalog('requires-cycle', 'hard-import').model, 'active');
    const tooComplex = await applyCatalog({ db: connection.db, clock }, scope, before, { ...before, models: [...before.models, hard] }, cli).catch(
      (err: ImportRejected) => err,
    );
    expect(tooComplex).toBeInstanceOf(ImportRejected);
    expect((tooComplex as ImportRejected).errors).toHaveLength(1);
    expect((tooComplex as ImportRejected).errors[0]!.where).toBe(`models[${before.models.length}]`);
    expect((tooComplex as ImportRejected).errors[0]!.message).toMatch(/^Model "hard-import" is too complex to check within the lint budget\./);

    const big = documentModel(adversarialCatalog('excludes-chain', 'big-import').model, 'draft');
    big.trims.push({ ...big.trims[0]!, code: 't20' });
    const tooBig = await applyCatalog({ db: connection.db, clock }, scope, before, { ...before, models: [...before.models, big] }, cli).catch(
      (err: ImportRejected) => err,
    );
    expect((tooBig as ImportRejected).errors.map((e) => e.message)).toEqual(['A model may have at most 20 trims; this change would make 21.']);

    expect((await findStoreBySlug(connection.db, 'renault'))!.catalog_version).toBe(versionBefore);
    expect(diffCatalog(before, await current())).toEqual([]);
  }, 120_000);
});

/** An engine model as a catalog document's model. */
function documentModel(model: ConfigModel, status: 'draft' | 'active'): CatalogDocument['models'][number] {
  const text = (en: string) => ({ 'zh-CN': en, fr: en, en });
  return {
    slug: model.slug,
    status,
    name: model.name,
    tagline: text('Built to be hard'),
    body: 'suv',
    powertrain: 'ICE',
    seats: 5,
    nev: false,
    origin: 'local',
    trims: model.trims.map((t) => ({ code: t.code, name: t.name, engine: '2.0L', price: t.price, status: 'active' as const })),
    optionGroups: model.groups.map((g) => ({
      code: g.code,
      options: g.options.map((o) => ({
        code: o.code,
        name: o.name,
        price: o.price,
        swatch: null,
        status: 'active' as const,
        availability: Object.fromEntries(Object.entries(o.availability).filter((e): e is [string, 'standard' | 'unavailable'] => e[1] !== 'optional')),
      })),
    })),
    rules: model.rules.map((r) => ({ ...r, note: text(`${r.option} ${r.kind} ${r.targets.join(', ')}`) })),
  };
}
