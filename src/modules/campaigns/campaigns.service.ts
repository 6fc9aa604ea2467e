import type { Db, DbOrTx } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import { loadConfigurableModel } from '../../flows/configurable-model.js';
import type { ReadCache } from '../../http/read-cache.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { requireStore, type StoreRow } from '../catalog/catalog.service.js';
import { validate } from '../configurator/engine/index.js';
import { findTrimIds } from '../inventory/stock.repo.js';
import type { CampaignCache } from './campaigns.cache.js';
import { defaultEditionCode, editionOf } from './campaigns.edition.js';
import { campaignErrors } from './campaigns.errors.js';
import * as repo from './campaigns.repo.js';
import type { CampaignEditionRow, CampaignRow } from './campaigns.repo.js';

export type CampaignState = 'upcoming' | 'live' | 'sold_out' | 'ended';

interface ConfigurationView {
  model: { slug: string; name: string };
  trim: { code: string; name: string };
  options: Array<{ code: string; name: string }>;
  colour: string | null;
}

/** One edition as the buyer picks it: named by its paint (or its trim), claimed by its code. */
export interface EditionView extends ConfigurationView {
  code: string;
  name: string;
}

/** A campaign sells at most this many editions, all sharing its units. */
export const MAX_EDITIONS = 6;

export interface CampaignView {
  slug: string;
  name: string;
  story: string;
  /** The first edition, as clients that know of one edition read it. */
  edition: ConfigurationView;
  editions: EditionView[];
  price: { amount: number; currency: string };
  listPrice: { amount: number; currency: string };
  deposit: { amount: number; currency: string };
  unitsTotal: number;
  remaining: number;
  perBuyerLimit: number;
  payMinutes: number;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  state: CampaignState;
  serverTime: string;
}

export interface AdminCampaignView extends CampaignView {
  localized: { name: LocalizedText; story: LocalizedText };
  unitsHeld: number;
  unitsSold: number;
}

/** A deposit (定金) is capped at 20% of the price by Civil Code art. 586, as for every order. */
const MAX_DEPOSIT_SHARE = 0.2;

export function remainingOf(campaign: CampaignRow): number {
  return Number(campaign.units_total) - Number(campaign.units_held) - Number(campaign.units_sold);
}

export function stateOf(campaign: CampaignRow, remaining: number, now: Date): CampaignState {
  const at = now.toISOString();
  if (campaign.ended_at !== null || campaign.ends_at <= at) return 'ended';
  if (campaign.starts_at > at) return 'upcoming';
  return remaining <= 0 ? 'sold_out' : 'live';
}

/** The view without serverTime, which changes every request and so stays out of the ETag. */
export async function campaignView(
  deps: { db: Db; cache: ReadCache },
  store: StoreRow,
  campaign: CampaignRow,
  editionRows: CampaignEditionRow[],
  remaining: number,
  locale: Locale,
  now: Date,
): Promise<Omit<CampaignView, 'serverTime'>> {
  const model = await loadConfigurableModel(deps.db, deps.cache, store, campaign.model_slug).catch(() => undefined);
  const editions = editionRows.map((row): EditionView => {
    const codes = JSON.parse(row.option_codes) as string[];
    const edition = model ? editionOf(model, row.trim_code, codes) : undefined;
    if (!edition) {
      // A model withdrawn from the catalog still shows what was sold, by its codes.
      const options = codes.map((code) => ({ code, name: code }));
      return { code: row.code, name: row.code, model: { slug: campaign.model_slug, name: campaign.model_slug }, trim: { code: row.trim_code, name: row.trim_code }, options, colour: null };
    }
    const colour = edition.colour ? localize(edition.colour.name, locale) : null;
    const trimName = localize(edition.trim.name, locale);
    return {
      code: row.code,
      name: colour ?? trimName,
      model: { slug: edition.model.slug, name: localize(edition.model.name, locale) },
      trim: { code: edition.trim.code, name: trimName },
      options: edition.options.map((o) => ({ code: o.code, name: localize(o.name, locale) })),
      colour,
    };
  });
  const { code: _code, name: _name, ...first } = editions[0]!;
  const money = (amount: number) => ({ amount: Number(amount), currency: store.currency });
  return {
    slug: campaign.slug,
    name: localize(JSON.parse(campaign.name) as LocalizedText, locale),
    story: localize(JSON.parse(campaign.description) as LocalizedText, locale),
    edition: first,
    editions,
    price: money(campaign.price),
    listPrice: money(campaign.list_price),
    deposit: money(campaign.deposit),
    unitsTotal: Number(campaign.units_total),
    remaining: Math.max(0, remaining),
    perBuyerLimit: Number(campaign.per_buyer_limit),
    payMinutes: Number(campaign.pay_minutes),
    startsAt: campaign.starts_at,
    endsAt: campaign.ends_at,
    endedAt: campaign.ended_at,
    state: stateOf(campaign, remaining, now),
  };
}

/** The store's campaigns: those to come and on now first (soonest first), then those over. */
export async function listCampaignViews(deps: { db: Db; clock: Clock; cache: ReadCache }, storeSlug: string, locale: Locale): Promise<CampaignView[]> {
  const store = await requireStore(deps.db, storeSlug);
  const now = deps.clock.now();
  const campaigns = await repo.listCampaigns(deps.db, store.id);
  const editions = await repo.listEditionsOf(deps.db, campaigns);
  const views = await Promise.all(campaigns.map((c) => campaignView(deps, store, c, editions.get(c.id) ?? [], remainingOf(c), locale, now)));
  const rank = (v: { state: CampaignState }) => (v.state === 'ended' ? 1 : 0);
  return views.sort((a, b) => rank(a) - rank(b)).map((v) => ({ ...v, serverTime: now.toISOString() }));
}

// ---- The brand's console. ----

/** One edition as the brand gives it; without a code, it is claimed by its paint's. */
export interface EditionInput {
  code?: string | undefined;
  trim: string;
  options: string[];
}

/** The two ways to say what a campaign sells: one configuration, or a list of editions. */
export interface EditionsForm {
  trim?: string | undefined;
  options?: string[] | undefined;
  editions?: EditionInput[] | undefined;
}

export interface CampaignInput {
  name: LocalizedText;
  story: LocalizedText;
  model: string;
  editions: EditionInput[];
  price: number;
  listPrice: number;
  deposit: number;
  unitsTotal: number;
  startsAt: string;
  endsAt: string;
  perBuyerLimit: number;
  payMinutes: number;
}

interface AdminDeps {
  db: Db;
  clock: Clock;
  cache: ReadCache;
  campaigns: CampaignCache;
}

async function adminView(deps: AdminDeps, store: StoreRow, campaign: CampaignRow, editions: CampaignEditionRow[], locale: Locale): Promise<AdminCampaignView> {
  const now = deps.clock.now();
  return {
    ...(await campaignView(deps, store, campaign, editions, remainingOf(campaign), locale, now)),
    serverTime: now.toISOString(),
    localized: { name: JSON.parse(campaign.name) as LocalizedText, story: JSON.parse(campaign.description) as LocalizedText },
    unitsHeld: Number(campaign.units_held),
    unitsSold: Number(campaign.units_sold),
  };
}

export async function listAdminCampaigns(deps: AdminDeps, storeSlug: string, locale: Locale): Promise<AdminCampaignView[]> {
  const store = await requireStore(deps.db, storeSlug);
  const campaigns = await repo.listCampaigns(deps.db, store.id);
  const editions = await repo.listEditionsOf(deps.db, campaigns);
  return Promise.all(campaigns.map((c) => adminView(deps, store, c, editions.get(c.id) ?? [], locale)));
}

async function currentAdminView(deps: AdminDeps, store: StoreRow, slug: string, locale: Locale): Promise<AdminCampaignView> {
  const campaign = await requireCampaign(deps.db, store, slug);
  return adminView(deps, store, campaign, await repo.listEditions(deps.db, campaign), locale);
}

/**
 * The editions a request asks for: its list, or its one configuration. A change of trim or options
 * alone applies to a campaign of one edition; one of several is changed by giving the list again.
 */
export function editionsOf(form: EditionsForm, current?: EditionInput[]): EditionInput[] | undefined {
  const single = form.trim !== undefined || form.options !== undefined;
  if (form.editions !== undefined && single) throw campaignErrors.editionsForm('Give either trim and options, or editions, not both.');
  if (form.editions !== undefined) return form.editions;
  if (!single) {
    if (current) return undefined;
    throw campaignErrors.editionsForm('A sale offers one configuration (trim and options) or a list of editions.');
  }
  if (current && current.length > 1) throw campaignErrors.editionsForm('This sale offers several editions: change them by giving the list of editions.');
  const trim = form.trim ?? current?.[0]?.trim;
  const options = form.options ?? current?.[0]?.options;
  if (trim === undefined || options === undefined) throw campaignErrors.editionsForm('One configuration needs both its trim and its options.');
  return [{ trim, options }];
}

interface CheckedEdition {
  code: string;
  trimId: string;
  optionCodes: string[];
}

async function requireCampaign(db: Db, store: StoreRow, slug: string): Promise<CampaignRow> {
  const campaign = await repo.findCampaign(db, store.id, slug);
  if (!campaign) throw campaignErrors.notFound(slug);
  return campaign;
}

/** Checks what a campaign would sell: editions that are valid configurations of a model on sale, told apart; a lawful deposit; a schedule. */
async function checkInput(deps: AdminDeps, store: StoreRow, input: CampaignInput, locale: Locale): Promise<{ modelId: string; editions: CheckedEdition[] }> {
  if (input.deposit > Math.floor(input.price * MAX_DEPOSIT_SHARE)) throw campaignErrors.depositTooHigh(Math.floor(input.price * MAX_DEPOSIT_SHARE));
  if (input.price > input.listPrice) throw campaignErrors.priceAboveList();
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw campaignErrors.badSchedule();
  const model = await loadConfigurableModel(deps.db, deps.cache, store, input.model).catch((error: unknown) => {
    if (error instanceof DomainError) throw campaignErrors.unknownModel(input.model);
    throw error;
  });
  const trims = await findTrimIds(deps.db, model.modelId);
  const codes = new Set<string>();
  const configurations = new Set<string>();
  const editions = input.editions.map((given, index): CheckedEdition => {
    const validation = validate(model.compiled, { trim: given.trim, options: given.options }, locale);
    if (!validation.valid) throw campaignErrors.invalidEdition(validation.violations, index + 1);
    const trim = trims.find((t) => t.code === given.trim);
    const edition = editionOf(model, given.trim, given.options);
    if (!trim || !edition) throw campaignErrors.invalidEdition([], index + 1);
    const code = given.code ?? defaultEditionCode(edition, index + 1);
    const configuration = `${given.trim} ${[...new Set(given.options)].sort().join(' ')}`;
    if (codes.has(code) || configurations.has(configuration)) throw campaignErrors.editionDuplicate(code);
    codes.add(code);
    configurations.add(configuration);
    return { code, trimId: trim.id, optionCodes: given.options };
  });
  return { modelId: model.modelId, editions };
}

const editionRows = (editions: CheckedEdition[]) =>
  editions.map((e, index) => ({ position: index + 1, code: e.code, trim_id: e.trimId, option_codes: JSON.stringify(e.optionCodes) }));

const iso = (instant: string) => new Date(instant).toISOString();

export async function createCampaign(
  deps: AdminDeps,
  storeSlug: string,
  fields: Omit<CampaignInput, 'editions'> & EditionsForm & { slug: string },
  actor: AuditActor,
  locale: Locale,
): Promise<AdminCampaignView> {
  const store = await requireStore(deps.db, storeSlug);
  const { trim: _trim, options: _options, ...rest } = fields;
  const input = { ...rest, editions: editionsOf(fields)! };
  const { modelId, editions } = await checkInput(deps, store, input, locale);
  const now = deps.clock.now().toISOString();
  const id = newId(deps.clock.now().getTime());
  await inWriteTransaction(deps.db, async (tx) => {
    if (await repo.findCampaign(tx, store.id, input.slug)) throw campaignErrors.slugTaken(input.slug);
    await repo.insertCampaign(tx, {
      id,
      store_id: store.id,
      slug: input.slug,
      kind: 'flash_sale',
      name: JSON.stringify(input.name),
      description: JSON.stringify(input.story),
      model_id: modelId,
      trim_id: editions[0]!.trimId,
      option_codes: JSON.stringify(editions[0]!.optionCodes),
      list_price: input.listPrice,
      price: input.price,
      deposit: input.deposit,
      units_total: input.unitsTotal,
      starts_at: iso(input.startsAt),
      ends_at: iso(input.endsAt),
      per_buyer_limit: input.perBuyerLimit,
      pay_minutes: input.payMinutes,
      ended_at: null,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceEditions(tx, id, editionRows(editions));
    await recordAudit(tx, deps.clock, actor, {
      action: 'campaign.created',
      targetType: 'campaign',
      targetId: input.slug,
      storeId: store.id,
      details: { unitsTotal: input.unitsTotal, editions: editions.map((e) => e.code) },
    });
  });
  deps.campaigns.forget(storeSlug, input.slug);
  return currentAdminView(deps, store, input.slug, locale);
}

export async function updateCampaign(
  deps: AdminDeps,
  storeSlug: string,
  slug: string,
  changes: Partial<Omit<CampaignInput, 'editions'>> & EditionsForm,
  actor: AuditActor,
  locale: Locale,
): Promise<AdminCampaignView> {
  const store = await requireStore(deps.db, storeSlug);
  const current = await requireCampaign(deps.db, store, slug);
  const now = deps.clock.now().toISOString();
  if (current.ended_at !== null || current.starts_at <= now) throw campaignErrors.started();
  const currentEditions = (await repo.listEditions(deps.db, current)).map((e) => ({ code: e.code, trim: e.trim_code, options: JSON.parse(e.option_codes) as string[] }));
  const merged: CampaignInput = {
    name: changes.name ?? (JSON.parse(current.name) as LocalizedText),
    story: changes.story ?? (JSON.parse(current.description) as LocalizedText),
    model: changes.model ?? current.model_slug,
    editions: editionsOf(changes, currentEditions) ?? currentEditions,
    price: changes.price ?? Number(current.price),
    listPrice: changes.listPrice ?? Number(current.list_price),
    deposit: changes.deposit ?? Number(current.deposit),
    unitsTotal: changes.unitsTotal ?? Number(current.units_total),
    startsAt: changes.startsAt ?? current.starts_at,
    endsAt: changes.endsAt ?? current.ends_at,
    perBuyerLimit: changes.perBuyerLimit ?? Number(current.per_buyer_limit),
    payMinutes: changes.payMinutes ?? Number(current.pay_minutes),
  };
  const { modelId, editions } = await checkInput(deps, store, merged, locale);
  await inWriteTransaction(deps.db, async (tx) => {
    // Conditional on the start: a change racing the opening loses.
    const changed = await repo.updateCampaignBeforeStart(tx, current.id, now, {
      name: JSON.stringify(merged.name),
      description: JSON.stringify(merged.story),
      model_id: modelId,
      trim_id: editions[0]!.trimId,
      option_codes: JSON.stringify(editions[0]!.optionCodes),
      price: merged.price,
      list_price: merged.listPrice,
      deposit: merged.deposit,
      units_total: merged.unitsTotal,
      starts_at: iso(merged.startsAt),
      ends_at: iso(merged.endsAt),
      per_buyer_limit: merged.perBuyerLimit,
      pay_minutes: merged.payMinutes,
    });
    if (!changed) throw campaignErrors.started();
    await repo.replaceEditions(tx, current.id, editionRows(editions));
    await recordAudit(tx, deps.clock, actor, { action: 'campaign.updated', targetType: 'campaign', targetId: slug, storeId: store.id, details: { fields: Object.keys(changes).sort() } });
  });
  deps.campaigns.forget(storeSlug, slug);
  return currentAdminView(deps, store, slug, locale);
}

export async function endCampaignEarly(deps: AdminDeps, storeSlug: string, slug: string, actor: AuditActor, locale: Locale): Promise<AdminCampaignView> {
  const store = await requireStore(deps.db, storeSlug);
  const current = await requireCampaign(deps.db, store, slug);
  await inWriteTransaction(deps.db, async (tx) => {
    if (!(await repo.endCampaign(tx, current.id, deps.clock.now().toISOString()))) throw campaignErrors.alreadyEnded();
    await recordAudit(tx, deps.clock, actor, { action: 'campaign.ended', targetType: 'campaign', targetId: slug, storeId: store.id });
  });
  deps.campaigns.forget(storeSlug, slug);
  return currentAdminView(deps, store, slug, locale);
}

/** A number that changes when one of the store's sales is added, changed or ended: what a rendered store home's banner shows. */
export function salesVersion(db: DbOrTx, storeId: string): Promise<number> {
  return repo.salesVersion(db, storeId);
}
