import type { Db, Tx } from '../db/database.js';
import { inWriteTransaction } from '../db/tx.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import { modelYearCode, withCheckDigit } from '../modules/inventory/vin.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { LocalizedText } from '../shared/locale.js';
import { loadDemoData, type Extras, type SourceDealer, type SourceModel, type SourceStore } from './demo-data.js';
import { seededRandom } from './seeded-random.js';

/*
 * Loads the demo stores. Every insert skips rows whose natural key exists, so running it
 * again changes nothing, and rows added to the data files later are still filled in.
 * The seed writes across modules' tables directly: like a migration, it sits below them.
 */

export interface SeedReport {
  inserted: Record<string, number>;
}

export type SeedProgress = (step: string, done: number, total: number) => void;

const SALE_UNITS = 300;
const STEPS = ['stores', 'catalog', 'dealers', 'vehicle units', 'campaign', 'targets', 'vouchers', 'accounts'];

export async function seedDemo(db: Db, clock: Clock, onProgress: SeedProgress = () => {}): Promise<SeedReport> {
  const { renault, extras } = loadDemoData();
  const now = clock.now().toISOString();
  const inserted: Record<string, number> = {};
  const count = (table: string, n: bigint | number | undefined) => {
    inserted[table] = (inserted[table] ?? 0) + Number(n ?? 0);
  };
  let step = 0;
  const progress = (name: string) => onProgress(name, ++step, STEPS.length);

  await inWriteTransaction(db, async (tx) => {
    const storeIds: Record<string, string> = {};
    for (const source of [renault, extras.secondStore]) {
      storeIds[source.store.slug] = await upsertStore(tx, source, extras, now, count);
    }
    progress('stores');
    for (const source of [renault, extras.secondStore]) {
      for (const [position, model] of source.models.entries()) {
        await upsertModel(tx, storeIds[source.store.slug]!, model, position, extras, now, count);
      }
    }
    progress('catalog');
    for (const source of [renault, extras.secondStore]) {
      await upsertDealers(tx, storeIds[source.store.slug]!, source, now, count);
      await insertPlateFees(tx, storeIds[source.store.slug]!, source, now, count);
    }
    progress('dealers');
    for (const source of [renault, extras.secondStore]) {
      await insertVehicleUnits(tx, storeIds[source.store.slug]!, source, now, count);
    }
    progress('vehicle units');

    const renaultId = storeIds[renault.store.slug]!;
    const campaign = renault.campaign;
    const model = await tx
      .selectFrom('model')
      .select('id')
      .where('store_id', '=', renaultId)
      .where('slug', '=', campaign.model)
      .executeTakeFirstOrThrow();
    const trim = await tx
      .selectFrom('trim')
      .select('id')
      .where('model_id', '=', model.id)
      .where('code', '=', campaign.trim)
      .executeTakeFirstOrThrow();
    const campaignResult = await tx
      .insertInto('campaign')
      .values({
        id: newId(),
        store_id: renaultId,
        slug: campaign.slug,
        kind: 'flash_sale',
        name: JSON.stringify(campaign.name),
        description: JSON.stringify(CAMPAIGN_DESCRIPTION),
        model_id: model.id,
        trim_id: trim.id,
        option_codes: JSON.stringify(campaign.options),
        list_price: campaign.listPrice,
        price: campaign.price,
        deposit: campaign.deposit,
        units_total: campaign.units,
        // The 2018 Chinese Grand Prix weekend at Shanghai International Circuit, 13–15 April.
        starts_at: '2018-04-13T02:00:00.000Z',
        ends_at: '2018-04-15T16:00:00.000Z',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['store_id', 'slug']).doNothing())
      .executeTakeFirst();
    count('campaign', campaignResult.numInsertedOrUpdatedRows);
    // One edition, in the data's one paint: no second paint of the Koleos is an F1 team's colour.
    const campaignId = (await tx.selectFrom('campaign').select('id').where('store_id', '=', renaultId).where('slug', '=', campaign.slug).executeTakeFirstOrThrow()).id;
    const paint = campaign.options.find((code) => code.startsWith('paint-'));
    await tx
      .insertInto('campaign_edition')
      .values({ campaign_id: campaignId, position: 1, code: paint ?? 'edition-1', trim_id: trim.id, option_codes: JSON.stringify(campaign.options) })
      .onConflict((oc) => oc.columns(['campaign_id', 'position']).doNothing())
      .execute();
    progress('campaign');

    for (const [year, units] of Object.entries(renault.targets.jointVentureAnnualByYear)) {
      const result = await tx
        .insertInto('sales_target')
        .values({
          id: newId(),
          store_id: renaultId,
          year: Number(year),
          scope: 'joint_venture',
          units,
          note: year === '2022' ? 'DRAC target: 400,000 passenger cars a year by 2022' : 'DRAC target for 2017',
        })
        .onConflict((oc) => oc.columns(['store_id', 'year', 'scope']).doNothing())
        .executeTakeFirst();
      count('sales_target', result.numInsertedOrUpdatedRows);
    }
    for (const [year, figures] of Object.entries(renault.targets.market)) {
      for (const [metric, value] of Object.entries(figures)) {
        const result = await tx
          .insertInto('market_figure')
          .values({ year: Number(year), metric, value })
          .onConflict((oc) => oc.columns(['year', 'metric']).doNothing())
          .executeTakeFirst();
        count('market_figure', result.numInsertedOrUpdatedRows);
      }
    }
    progress('targets');
    await insertDemoVoucherOffer(tx, renaultId, clock.now(), count);
    progress('vouchers');
    await insertDemoAccounts(tx, storeIds, now, count);
    progress('accounts');
  });
  return { inserted };
}

/**
 * The dealer voucher brands sold on the marketplace: pay ¥50,000 online, worth ¥100,000 at any
 * dealer. It goes on sale when the demo is seeded, for 90 days, and is valid for a year.
 */
async function insertDemoVoucherOffer(tx: Tx, storeId: string, now: Date, count: Count): Promise<void> {
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  const result = await tx
    .insertInto('voucher_offer')
    .values({
      id: newId(),
      store_id: storeId,
      slug: 'dealer-voucher',
      name: JSON.stringify({ 'zh-CN': '5万抵10万 到店购车券', fr: 'Bon concession : 50 000 ¥ pour 100 000 ¥', en: 'Dealer voucher: ¥100,000 off for ¥50,000' }),
      terms: JSON.stringify({
        'zh-CN': '在线支付 5 万元，在任一雷诺授权经销商购买新车时抵 10 万元。每人限购 1 张，未使用可按退款规则退款。',
        fr: 'Payez 50 000 ¥ en ligne : 100 000 ¥ de remise sur une voiture neuve chez tout concessionnaire Renault. Un bon par acheteur ; remboursable s’il n’est pas utilisé, selon les règles de remboursement.',
        en: 'Pay ¥50,000 online: ¥100,000 off a new car at any Renault dealer. One per buyer; refundable while unused, under the refund rules.',
      }),
      price: 5_000_000,
      value: 10_000_000,
      currency: 'CNY',
      units_total: 500,
      per_buyer_limit: 1,
      pay_minutes: 30,
      sale_starts_at: at(0),
      sale_ends_at: at(90),
      valid_until: at(365),
      ended_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['store_id', 'slug']).doNothing())
    .executeTakeFirst();
  count('voucher_offer', result.numInsertedOrUpdatedRows);
}

/** The password of every demo account, as the README states. */
export const DEMO_PASSWORD = 'vitrine2018';

export const DEMO_ACCOUNTS = [
  { role: 'buyer', email: 'buyer@example.com', phone: '+8613800138000', name: '李明', locale: 'zh-CN' },
  // Staff phones receive the sign-in second factor by SMS (the server log, with the console sender).
  { role: 'dealer_staff', email: 'sh-01@dealer.example.com', phone: '+8613900000101', store: 'renault', dealer: 'sh-01', name: '王芳', locale: 'zh-CN' },
  { role: 'dealer_staff', email: 'bj-01@dealer.example.com', phone: '+8613900000102', store: 'renault', dealer: 'bj-01', name: '张伟', locale: 'zh-CN' },
  { role: 'brand_admin', email: 'admin@renault.example.com', phone: '+8613900000103', store: 'renault', name: 'Renault China', locale: 'fr' },
  { role: 'brand_admin', email: 'admin@alpine.example.com', phone: '+8613900000104', store: 'alpine', name: 'Alpine China', locale: 'fr' },
  { role: 'platform_admin', email: 'platform@example.com', phone: '+8613900000105', name: 'Vitrine Ops', locale: 'en' },
] as const;

async function insertDemoAccounts(tx: Tx, storeIds: Record<string, string>, now: string, count: Count): Promise<void> {
  const existing = new Set(
    (await tx.selectFrom('user_account').select('email').where('email', 'in', DEMO_ACCOUNTS.map((a) => a.email)).execute()).map(
      (row) => row.email,
    ),
  );
  // Demo staff seeded before they had phones get one: without it they have no second factor.
  for (const account of DEMO_ACCOUNTS) {
    if (account.role === 'buyer' || !existing.has(account.email)) continue;
    await tx.updateTable('user_account').set({ phone: account.phone }).where('email', '=', account.email).where('phone', 'is', null).execute();
  }
  const missing = DEMO_ACCOUNTS.filter((account) => !existing.has(account.email));
  if (missing.length === 0) return;
  for (const account of missing) {
    const storeId = 'store' in account ? storeIds[account.store]! : null;
    const dealer =
      'dealer' in account && storeId
        ? await tx.selectFrom('dealer').select('id').where('store_id', '=', storeId).where('code', '=', account.dealer).executeTakeFirstOrThrow()
        : undefined;
    const result = await tx
      .insertInto('user_account')
      .values({
        id: newId(),
        role: account.role,
        phone: 'phone' in account ? account.phone : null,
        email: account.email,
        // Hashed per account: each gets its own salt, so equal passwords never show as equal hashes.
        password_hash: await hashPassword(DEMO_PASSWORD),
        display_name: account.name,
        locale: account.locale,
        store_id: storeId,
        dealer_id: dealer?.id ?? null,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    count('user_account', result.numInsertedOrUpdatedRows);
  }
}

const CAMPAIGN_DESCRIPTION: LocalizedText = {
  'zh-CN': '为庆祝雷诺集团120周年，限量120台，上海F1中国大奖赛周末限时抢购。',
  fr: 'Pour les 120 ans du Groupe Renault : 120 exemplaires, en vente flash le week-end du Grand Prix de Chine à Shanghai.',
  en: "For Groupe Renault's 120th anniversary: 120 units, in a flash sale on the Chinese Grand Prix weekend in Shanghai.",
};

type Count = (table: string, n: bigint | number | undefined) => void;

async function upsertStore(tx: Tx, source: SourceStore, extras: Extras, now: string, count: Count): Promise<string> {
  const tagline = source.store.tagline ?? extras.stores[source.store.slug]?.tagline ?? source.store.name;
  const look = extras.stores[source.store.slug];
  const branding =
    look?.branding && look.hero
      ? {
          brand_mark: look.branding.mark,
          primary_color: look.branding.primaryColor,
          accent_color: look.branding.accentColor,
          hero: JSON.stringify(look.hero),
        }
      : undefined;
  const result = await tx
    .insertInto('store')
    .values({
      id: newId(),
      slug: source.store.slug,
      brand: source.store.name.en.split(' ')[0] ?? source.store.slug,
      name: JSON.stringify(source.store.name),
      tagline: JSON.stringify(tagline),
      currency: source.store.currency,
      timezone: source.store.timezone,
      ...branding,
      created_at: now,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .executeTakeFirst();
  count('store', result.numInsertedOrUpdatedRows);
  // Stores seeded before branding existed get it; a brand's own later choice is never overwritten.
  if (branding) {
    const filled = await tx
      .updateTable('store')
      .set(branding)
      .where('slug', '=', source.store.slug)
      .where('brand_mark', 'is', null)
      .executeTakeFirst();
    count('store_branding', filled.numUpdatedRows);
  }
  const row = await tx.selectFrom('store').select('id').where('slug', '=', source.store.slug).executeTakeFirstOrThrow();
  return row.id;
}

async function upsertModel(
  tx: Tx,
  storeId: string,
  model: SourceModel,
  position: number,
  extras: Extras,
  now: string,
  count: Count,
): Promise<void> {
  const modelResult = await tx
    .insertInto('model')
    .values({
      id: newId(),
      store_id: storeId,
      slug: model.slug,
      name: JSON.stringify(model.name),
      tagline: JSON.stringify(extras.models[model.slug]?.tagline ?? model.name),
      body: model.body,
      body_tags: JSON.stringify(extras.models[model.slug]?.bodyTags ?? []),
      powertrain: model.powertrain,
      seats: model.seats,
      is_nev: model.nev ? 1 : 0,
      origin: model.origin,
      position,
      status: 'active',
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['store_id', 'slug']).doNothing())
    .executeTakeFirst();
  count('model', modelResult.numInsertedOrUpdatedRows);
  const { id: modelId } = await tx
    .selectFrom('model')
    .select('id')
    .where('store_id', '=', storeId)
    .where('slug', '=', model.slug)
    .executeTakeFirstOrThrow();

  const specs = JSON.stringify(extras.models[model.slug]?.trimSpecs ?? {});
  const trimResult = await tx
    .insertInto('trim')
    .values(
      model.trims.map((trim, i) => ({
        id: newId(),
        model_id: modelId,
        code: trim.code,
        name: JSON.stringify(trim.name),
        engine: trim.engine,
        base_price: trim.basePrice,
        price_is_estimate: trim.priceIsEstimate ? 1 : 0,
        position: i,
        status: 'active',
        specs,
      })),
    )
    .onConflict((oc) => oc.columns(['model_id', 'code']).doNothing())
    .executeTakeFirst();
  count('trim', trimResult.numInsertedOrUpdatedRows);
  if (specs !== '{}') {
    // A demo database seeded before trims had specifications gets them, unless the brand has set some since.
    const filled = await tx
      .updateTable('trim')
      .set({ specs })
      .where('model_id', '=', modelId)
      .where('code', 'in', model.trims.map((trim) => trim.code))
      .where('specs', '=', '{}')
      .executeTakeFirst();
    count('trim_specs', filled.numUpdatedRows);
  }

  const groupResult = await tx
    .insertInto('option_group')
    .values(
      model.optionGroups.map((group, i) => ({
        id: newId(),
        model_id: modelId,
        code: group.code,
        name: JSON.stringify(group.name),
        choice: group.choice,
        required: group.required ? 1 : 0,
        position: i,
      })),
    )
    .onConflict((oc) => oc.columns(['model_id', 'code']).doNothing())
    .executeTakeFirst();
  count('option_group', groupResult.numInsertedOrUpdatedRows);
  const groupIds = new Map(
    (await tx.selectFrom('option_group').select(['id', 'code']).where('model_id', '=', modelId).execute()).map((g) => [
      g.code,
      g.id,
    ]),
  );

  let optionPosition = 0;
  const optionRows = model.optionGroups.flatMap((group) =>
    group.options.map((option) => ({
      id: newId(),
      model_id: modelId,
      group_id: groupIds.get(group.code)!,
      code: option.code,
      name: JSON.stringify(option.name),
      price: option.price,
      swatch: group.code === 'paint' ? (extras.swatches[option.code] ?? null) : null,
      position: optionPosition++,
      status: 'active',
    })),
  );
  const optionResult = await tx
    .insertInto('option')
    .values(optionRows)
    .onConflict((oc) => oc.columns(['model_id', 'code']).doNothing())
    .executeTakeFirst();
  count('option', optionResult.numInsertedOrUpdatedRows);

  const optionIds = new Map(
    (await tx.selectFrom('option').select(['id', 'code']).where('model_id', '=', modelId).execute()).map((o) => [
      o.code,
      o.id,
    ]),
  );
  const trimIds = new Map(
    (await tx.selectFrom('trim').select(['id', 'code']).where('model_id', '=', modelId).execute()).map((t) => [
      t.code,
      t.id,
    ]),
  );
  // Only standard and unavailable are stored: an option without a row is optional on that trim.
  const availabilityRows = model.trims.flatMap((trim) => [
    ...trim.standard.map((code) => ({ trim_id: trimIds.get(trim.code)!, option_id: optionIds.get(code)!, availability: 'standard' })),
    ...trim.unavailable.map((code) => ({
      trim_id: trimIds.get(trim.code)!,
      option_id: optionIds.get(code)!,
      availability: 'unavailable',
    })),
  ]);
  for (const row of availabilityRows) {
    if (!row.option_id) throw new Error(`demo data: ${model.slug} names an unknown option in a trim`);
  }
  if (availabilityRows.length > 0) {
    const result = await tx
      .insertInto('trim_option')
      .values(availabilityRows)
      .onConflict((oc) => oc.columns(['trim_id', 'option_id']).doNothing())
      .executeTakeFirst();
    count('trim_option', result.numInsertedOrUpdatedRows);
  }

  if (model.rules.length > 0) {
    const notes = extras.ruleNotes[model.slug];
    const result = await tx
      .insertInto('option_rule')
      .values(
        model.rules.map((rule, i) => ({
          id: newId(),
          model_id: modelId,
          kind: rule.kind,
          option_code: rule.option,
          targets: JSON.stringify(rule.targets),
          note: JSON.stringify(rule.noteI18n ?? notes?.[i] ?? { 'zh-CN': rule.note, fr: rule.note, en: rule.note }),
          position: i,
        })),
      )
      .onConflict((oc) => oc.columns(['model_id', 'position']).doNothing())
      .executeTakeFirst();
    count('option_rule', result.numInsertedOrUpdatedRows);
  }
}

async function upsertDealers(tx: Tx, storeId: string, source: SourceStore, now: string, count: Count): Promise<void> {
  const result = await tx
    .insertInto('dealer')
    .values(
      source.dealers.map((dealer) => ({
        id: newId(),
        store_id: storeId,
        code: dealer.code,
        name: JSON.stringify(dealer.name),
        city: JSON.stringify(dealer.city),
        province: JSON.stringify(dealer.province),
        lat: dealer.lat,
        lng: dealer.lng,
        phone: dealer.phone,
        services: JSON.stringify(dealer.services),
        status: 'active',
        created_at: now,
        ...dealerProfileColumns(dealer),
      })),
    )
    .onConflict((oc) => oc.columns(['store_id', 'code']).doNothing())
    .executeTakeFirst();
  count('dealer', result.numInsertedOrUpdatedRows);
  // Dealers seeded before the dealer-profiles migration get their city code and hours once; a
  // dealer's own later changes are left alone because only rows without a city code are touched.
  let filled = 0;
  for (const dealer of source.dealers) {
    const update = await tx
      .updateTable('dealer')
      .set(dealerProfileColumns(dealer))
      .where('store_id', '=', storeId)
      .where('code', '=', dealer.code)
      .where('city_code', 'is', null)
      .executeTakeFirst();
    filled += Number(update.numUpdatedRows);
  }
  count('dealer_profile', filled);
}

/*
 * Plate fees of the dealers' cities, in fen, as of 2018; all are estimates. Shanghai sold ICE
 * plates by monthly auction (2018 average about ¥88,000) while NEVs got a free green plate;
 * Beijing drew plates by lottery (the fee itself is nominal); Guangzhou, Shenzhen, Hangzhou and
 * Tianjin allotted them by auction and lottery (the figure is the auction's going price);
 * elsewhere a car pays about ¥500 of registration.
 */
const REGISTRATION_ONLY = 50_000;
type PlatePolicy = { ice: number; nev: number; note: LocalizedText };
const PLATE_POLICIES: Record<string, PlatePolicy> = {
  shanghai: {
    ice: 8_800_000,
    nev: 0,
    note: {
      'zh-CN': '沪牌每月拍卖，2018 年平均成交价约 8.8 万元；新能源车免费领取绿牌。',
      fr: 'Plaques vendues aux enchères chaque mois (moyenne 2018 : environ 88 000 ¥) ; plaque verte gratuite pour les véhicules à énergie nouvelle.',
      en: 'Plates sold at a monthly auction (2018 average about ¥88,000); new-energy vehicles get a free green plate.',
    },
  },
  beijing: {
    ice: REGISTRATION_ONLY,
    nev: REGISTRATION_ONLY,
    note: {
      'zh-CN': '京牌摇号取得，费用仅为登记费；新能源车另有指标排队。',
      fr: 'Plaques tirées au sort ; seuls les frais d’immatriculation sont dus. Les véhicules à énergie nouvelle ont leur propre file.',
      en: 'Plates drawn by lottery; only the registration fee is due. New-energy vehicles have their own queue.',
    },
  },
  guangzhou: { ice: 2_000_000, nev: REGISTRATION_ONLY, note: auctionAndLottery('广州', 'Canton', 'Guangzhou', '2 万', '20 000', '20,000') },
  shenzhen: { ice: 5_500_000, nev: REGISTRATION_ONLY, note: auctionAndLottery('深圳', 'Shenzhen', 'Shenzhen', '5.5 万', '55 000', '55,000') },
  hangzhou: { ice: 3_000_000, nev: REGISTRATION_ONLY, note: auctionAndLottery('杭州', 'Hangzhou', 'Hangzhou', '3 万', '30 000', '30,000') },
  tianjin: { ice: 2_400_000, nev: REGISTRATION_ONLY, note: auctionAndLottery('天津', 'Tianjin', 'Tianjin', '2.4 万', '24 000', '24,000') },
};
const REGISTRATION_POLICY: PlatePolicy = {
  ice: REGISTRATION_ONLY,
  nev: REGISTRATION_ONLY,
  note: {
    'zh-CN': '不限牌，仅需缴纳上牌登记费（约 500 元）。',
    fr: 'Pas de quota : seuls les frais d’immatriculation (environ 500 ¥) sont dus.',
    en: 'No plate quota: only the registration fee (about ¥500) is due.',
  },
};

function auctionAndLottery(zh: string, fr: string, en: string, zhAmount: string, frAmount: string, enAmount: string): LocalizedText {
  return {
    'zh-CN': `${zh}车牌摇号或竞价取得，竞价平均约 ${zhAmount} 元（估算）；新能源车仅需登记费。`,
    fr: `À ${fr}, plaques par tirage au sort ou aux enchères (enchère moyenne estimée à ${frAmount} ¥) ; les véhicules à énergie nouvelle ne paient que l’immatriculation.`,
    en: `In ${en}, plates by lottery or auction (auction average about ¥${enAmount}, estimated); new-energy vehicles pay registration only.`,
  };
}

/** A plate-fee row for every city the store's dealers are in; a brand's later changes are kept. */
async function insertPlateFees(tx: Tx, storeId: string, source: SourceStore, now: string, count: Count): Promise<void> {
  const cities = new Map<string, LocalizedText>();
  for (const dealer of source.dealers) cities.set(dealerProfileColumns(dealer).city_code, dealer.city);
  const rows = [...cities].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, name]) => {
    const policy = PLATE_POLICIES[code] ?? REGISTRATION_POLICY;
    return {
      store_id: storeId,
      city_code: code,
      city: JSON.stringify(name),
      ice_fee: policy.ice,
      nev_fee: policy.nev,
      note: JSON.stringify(policy.note),
      estimate: 1,
      updated_at: now,
    };
  });
  if (rows.length === 0) return;
  const result = await tx
    .insertInto('plate_fee')
    .values(rows)
    .onConflict((oc) => oc.columns(['store_id', 'city_code']).doNothing())
    .executeTakeFirst();
  count('plate_fee', result.numInsertedOrUpdatedRows);
}

/**
 * Demo opening hours, Asia/Shanghai: showrooms open every day, as most Chinese 4S dealers do.
 * The source data gives no street addresses, so address stays null (not given) rather than invented.
 */
const DEMO_OPENING_HOURS = {
  mon: ['08:30', '18:00'],
  tue: ['08:30', '18:00'],
  wed: ['08:30', '18:00'],
  thu: ['08:30', '18:00'],
  fri: ['08:30', '18:00'],
  sat: ['09:00', '18:00'],
  sun: ['09:00', '17:30'],
};

function dealerProfileColumns(dealer: SourceDealer) {
  return {
    city_code: dealer.city.en.toLowerCase().replace(/[^a-z0-9]+/g, ''),
    address: null,
    opening_hours: JSON.stringify(DEMO_OPENING_HOURS),
  };
}

function vdsCode(slug: string): string {
  return (slug.toUpperCase().replace(/[^A-HJ-NPR-Z0-9]/g, '') + 'XXXX').slice(0, 4);
}

/**
 * VIN units: cars for sale spread over the dealers that sell, and one or two demo cars of each
 * model at every dealer offering test drives. Imports carry Renault's French WMI (VF1);
 * locally built cars a Chinese one from the L range GB 16735 reserves for China.
 */
async function insertVehicleUnits(tx: Tx, storeId: string, source: SourceStore, now: string, count: Count): Promise<void> {
  const random = seededRandom(2018 + source.store.slug.length);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const models = await tx.selectFrom('model').select(['id', 'slug']).where('store_id', '=', storeId).execute();
  const modelIds = new Map(models.map((m) => [m.slug, m.id]));
  const trims = await tx
    .selectFrom('trim')
    .innerJoin('model', 'model.id', 'trim.model_id')
    .select(['trim.id', 'trim.code'])
    .where('model.store_id', '=', storeId)
    .execute();
  const trimIds = new Map(trims.map((t) => [t.code, t.id]));
  const dealers = await tx.selectFrom('dealer').select(['id', 'code', 'services']).where('store_id', '=', storeId).execute();
  const sellers = dealers.filter((d) => (JSON.parse(d.services) as string[]).includes('sales')).sort(byCode);
  const testDriveDealers = dealers.filter((d) => (JSON.parse(d.services) as string[]).includes('test_drive')).sort(byCode);
  if (sellers.length === 0) return;

  const saleUnits = source.store.slug === 'renault' ? SALE_UNITS : 12;
  const units: Array<{ model: SourceModel; dealerId: string; purpose: 'sale' | 'demo' }> = [];
  for (let i = 0; i < saleUnits; i++) {
    units.push({ model: source.models[i % source.models.length]!, dealerId: sellers[i % sellers.length]!.id, purpose: 'sale' });
  }
  for (const dealer of testDriveDealers) {
    for (const model of source.models) units.push({ model, dealerId: dealer.id, purpose: 'demo' });
  }
  // A second demo car of every third model, shifting with the dealer, so busy slots show their
  // capacity. Appended after the first cars, so the VINs seeded before it stay the same.
  for (const [d, dealer] of testDriveDealers.entries()) {
    for (const [m, model] of source.models.entries()) {
      if ((d + m) % 3 === 0) units.push({ model, dealerId: dealer.id, purpose: 'demo' });
    }
  }

  const rows = units.map((unit, serial) => {
    const trim = pick(unit.model.trims);
    const paints = unit.model.optionGroups
      .find((g) => g.code === 'paint')
      ?.options.filter((o) => !trim.unavailable.includes(o.code) && !unit.model.rules.some((r) => r.option === o.code));
    const standard = trim.standard.filter((code) => !code.startsWith('paint-'));
    const paint = paints && paints.length > 0 ? pick(paints).code : trim.standard.find((c) => c.startsWith('paint-'));
    const wmi = unit.model.origin === 'import' ? 'VF1' : 'LDR';
    const plant = unit.model.origin === 'import' ? 'F' : 'W';
    const vds = vdsCode(unit.model.slug) + String(unit.model.trims.indexOf(trim) + 1);
    const vin = withCheckDigit(`${wmi}${vds}0${modelYearCode(2018)}${plant}${String(100001 + serial).padStart(6, '0')}`);
    const builtMonth = 1 + Math.floor(random() * 9);
    const paintPrice = paint && !trim.standard.includes(paint) ? (paints?.find((o) => o.code === paint)?.price ?? 0) : 0;
    // One sale unit in ten is still on its way to its dealer, one to three weeks out.
    const inTransit = unit.purpose === 'sale' && serial % 10 === 7;
    return {
      vin,
      store_id: storeId,
      model_id: modelIds.get(unit.model.slug)!,
      trim_id: trimIds.get(trim.code)!,
      dealer_id: unit.dealerId,
      option_codes: JSON.stringify(paint ? [paint, ...standard] : standard),
      purpose: unit.purpose,
      status: 'available',
      hold_expires_at: null,
      built_on: `2018-${String(builtMonth).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      created_at: now,
      updated_at: now,
      colour: paint ?? null,
      price: trim.basePrice + paintPrice,
      eta: inTransit ? new Date(Date.parse(now) + (1 + (serial % 3)) * 7 * 86_400_000).toISOString() : null,
    };
  });
  for (let i = 0; i < rows.length; i += 200) {
    const result = await tx
      .insertInto('vehicle_unit')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('vin').doNothing())
      .executeTakeFirst();
    count('vehicle_unit', result.numInsertedOrUpdatedRows);
  }
}

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
