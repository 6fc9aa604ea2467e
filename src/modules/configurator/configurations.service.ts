import type { Db, DbOrTx } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import { recordDomainEvent, servedCity, type Channel } from '../analytics/analytics.service.js';
import type { AppliedPlateFee } from '../plate-fees/plate-fees.service.js';
import { configurationErrors } from './configurations.errors.js';
import * as repo from './configurations.repo.js';
import { price, resolveWithin, validate, type CompiledModel, type ConfigModel, type PriceBreakdown, type Selection } from './engine/index.js';
import { newShortCode, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from './short-code.js';

/** A model ready to configure: the engine's compiled form and what a snapshot needs to name things. */
export interface ConfigurableModel {
  storeId: string;
  modelId: string;
  /** The trims' ids by code. */
  trimIds: Record<string, string>;
  catalogVersion: number;
  plateFee: number;
  model: ConfigModel;
  compiled: CompiledModel;
}

/** What is saved under a code: names in every locale and the price as it was. Never re-priced. */
interface Snapshot {
  selection: Selection;
  model: { slug: string; name: LocalizedText };
  trim: { code: string; name: LocalizedText };
  options: Array<{
    code: string;
    group: string;
    groupName: LocalizedText;
    name: LocalizedText;
    price: number;
    catalogPrice: number;
    standard: boolean;
    covered: boolean;
  }>;
  price: PriceBreakdown;
  catalogVersion: number;
  /** The buyer's city whose plate fee was applied; absent when the store's flat fee was. */
  city?: { code: string; name: LocalizedText; note: LocalizedText | null; estimate: boolean };
}

export interface ConfigurationView {
  code: string;
  createdAt: string;
  selection: Selection;
  model: { slug: string; name: string };
  trim: { code: string; name: string };
  city: { code: string; name: string; plateFeeNote: string | null; estimate: boolean } | null;
  options: Array<{ code: string; group: string; groupName: string; name: string; price: Money; standard: boolean; covered: boolean }>;
  price: {
    trim: Money;
    options: Money;
    list: Money;
    campaignDiscount: Money;
    vehicle: Money;
    purchaseTax: Money;
    compulsoryInsurance: Money;
    plateFee: Money;
    onTheRoad: Money;
  };
}

function snapshotOf(target: ConfigurableModel, selection: Selection, breakdown: PriceBreakdown, plate: AppliedPlateFee | null): Snapshot {
  const { model } = target;
  const trim = model.trims.find((t) => t.code === selection.trim)!;
  const optionIndex = new Map(
    model.groups.flatMap((group) => group.options.map((option) => [option.code, { group, option }] as const)),
  );
  return {
    selection,
    model: { slug: model.slug, name: model.name },
    trim: { code: trim.code, name: trim.name },
    options: breakdown.options.map((line) => {
      const { group, option } = optionIndex.get(line.code)!;
      return {
        code: line.code,
        group: group.code,
        groupName: group.name,
        name: option.name,
        price: line.price,
        catalogPrice: line.catalogPrice,
        standard: line.standard,
        covered: line.covered,
      };
    }),
    price: breakdown,
    catalogVersion: target.catalogVersion,
    ...(plate ? { city: { code: plate.city.code, name: plate.city.name, note: plate.note, estimate: plate.estimate } } : {}),
  };
}

function viewOf(code: string, createdAt: string, snapshot: Snapshot, locale: Locale): ConfigurationView {
  const currency = snapshot.price.currency;
  const money = (amount: number): Money => ({ amount, currency });
  const p = snapshot.price;
  return {
    code,
    createdAt,
    selection: snapshot.selection,
    model: { slug: snapshot.model.slug, name: localize(snapshot.model.name, locale) },
    trim: { code: snapshot.trim.code, name: localize(snapshot.trim.name, locale) },
    city: snapshot.city
      ? {
          code: snapshot.city.code,
          name: localize(snapshot.city.name, locale),
          plateFeeNote: snapshot.city.note ? localize(snapshot.city.note, locale) : null,
          estimate: snapshot.city.estimate,
        }
      : null,
    options: snapshot.options.map((o) => ({
      code: o.code,
      group: o.group,
      groupName: localize(o.groupName, locale),
      name: localize(o.name, locale),
      price: money(o.price),
      standard: o.standard,
      covered: o.covered,
    })),
    price: {
      trim: money(p.trim.price),
      options: money(p.optionsTotal),
      list: money(p.listPrice),
      campaignDiscount: money(p.campaignDiscount),
      vehicle: money(p.vehiclePrice),
      purchaseTax: money(p.purchaseTax),
      compulsoryInsurance: money(p.compulsoryInsurance),
      plateFee: money(p.plateFee),
      onTheRoad: money(p.onTheRoad),
    },
  };
}

/**
 * Prices a selection and saves it under a new short code. An invalid selection is refused
 * with every violation and the smallest change that would make it valid, or no change at all
 * when the search for it spends its work budget: an anonymous request costs bounded CPU.
 */
export async function saveConfiguration(
  db: Db,
  clock: Clock,
  target: ConfigurableModel,
  input: {
    selection: Selection;
    intent?: string | undefined;
    createdBy: string | null;
    /** The plate fee of the buyer's city; null for the store's flat fee. */
    plate?: AppliedPlateFee | null | undefined;
    /** The device it was saved from, for the brand's dashboards. */
    channel: Channel;
  },
  locale: Locale,
): Promise<ConfigurationView> {
  const validation = validate(target.compiled, input.selection, locale);
  if (!validation.valid) {
    const canResolve = validation.violations.every((v) => v.code !== 'CONFIGURATOR_UNKNOWN_TRIM');
    const outcome = canResolve ? resolveWithin(target.compiled, input.selection, locale, input.intent) : null;
    if (outcome?.exhausted) throw configurationErrors.invalid(validation.violations, null, { exhausted: true });
    throw configurationErrors.invalid(validation.violations, outcome?.resolution ?? null);
  }
  const plate = input.plate ?? null;
  const breakdown = price(target.compiled, input.selection, { plateFee: plate ? plate.amount : target.plateFee });
  const snapshot = snapshotOf(target, input.selection, breakdown, plate);
  const createdAt = clock.now().toISOString();
  // The plate's city is the buyer's: the dashboards place the save there.
  const city = plate ? { code: plate.city.code, province: (await servedCity(db, target.storeId, plate.city.code))?.province ?? null } : null;
  // The configuration and its event are written together: a save counts once, and always.
  const code = await inWriteTransaction(db, async (tx) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newShortCode();
      const inserted = await repo.insertConfiguration(tx, {
        code,
        store_id: target.storeId,
        model_id: target.modelId,
        trim_code: input.selection.trim,
        option_codes: JSON.stringify(input.selection.options),
        snapshot: JSON.stringify(snapshot),
        catalog_version: target.catalogVersion,
        created_by: input.createdBy,
        created_at: createdAt,
      });
      if (!inserted) continue;
      await recordDomainEvent(tx, clock, {
        kind: 'configuration_saved',
        storeId: target.storeId,
        subjectId: code,
        modelId: target.modelId,
        trimId: target.trimIds[input.selection.trim] ?? null,
        dealer: null,
        city,
        channel: input.channel,
      });
      return code;
    }
    throw new Error('could not draw a free configuration code in 5 attempts');
  });
  return viewOf(code, createdAt, snapshot, locale);
}

export async function getConfiguration(db: DbOrTx, storeId: string, code: string, locale: Locale): Promise<ConfigurationView> {
  const row = await repo.findConfiguration(db, storeId, code);
  if (!row) throw configurationErrors.notFound(code);
  return viewOf(row.code, row.created_at, JSON.parse(row.snapshot) as Snapshot, locale);
}

export interface MyConfigurationsPage {
  configurations: Array<ConfigurationView & { store: string }>;
  nextCursor: string | null;
}

const CURSOR_PATTERN = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)_([${SHORT_CODE_ALPHABET}]{${SHORT_CODE_LENGTH}})$`);

/** The cursor names the previous page's last row: its creation time and code. */
function parseCursor(cursor: string | undefined): { createdAt: string; code: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = CURSOR_PATTERN.exec(cursor);
  if (!match) throw configurationErrors.invalidCursor();
  return { createdAt: match[1]!, code: match[2]! };
}

/** The configurations an account saved while signed in, in every store, newest first. */
export async function listMyConfigurations(
  db: DbOrTx,
  userId: string,
  query: { cursor?: string | undefined; limit: number },
  locale: Locale,
): Promise<MyConfigurationsPage> {
  const rows = await repo.listConfigurationsBy(db, userId, { before: parseCursor(query.cursor), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    configurations: page.map((row) => ({ ...viewOf(row.code, row.created_at, JSON.parse(row.snapshot) as Snapshot, locale), store: row.store_slug })),
    nextCursor: rows.length > query.limit && last ? `${last.created_at}_${last.code}` : null,
  };
}
