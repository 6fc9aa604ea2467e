import type { Db } from '../db/database.js';
import { inWriteTransaction, lockRows } from '../db/tx.js';
import type { ReadCache } from '../http/read-cache.js';
import { parseIdentifier } from '../modules/accounts/identifiers.js';
import type { StoreRow } from '../modules/catalog/catalog.service.js';
import { findConfiguration } from '../modules/configurator/configurations.repo.js';
import { findActiveDealerByCode } from '../modules/dealers/dealers.repo.js';
import { findTrimIds, findUnit, holdUnitForOrder } from '../modules/inventory/stock.repo.js';
import { isValidVin } from '../modules/inventory/vin.js';
import { orderErrors } from '../modules/orders/orders.errors.js';
import { depositFor, estimatedDeliveryDay } from '../modules/orders/orders.policy.js';
import * as orders from '../modules/orders/orders.repo.js';
import { getModelDeposit, getOrderPolicy, type OrderPlan, type OrderSnapshot } from '../modules/orders/orders.service.js';
import type { Clock } from '../shared/clock.js';
import type { LocalizedText } from '../shared/locale.js';
import { loadConfigurableModel } from './configurable-model.js';
import { expireLapsedHolder, expireOrderIn } from './order-life.js';
import { openPendingOrder } from './open-order.js';

/** Unpaid orders a buyer may have at once: a crowd of one cannot hold a dealer's whole stock. */
export const MAX_UNPAID_ORDERS = 2;

export interface PlaceOrderRequest {
  configuration?: string | undefined;
  vin?: string | undefined;
  dealer: string;
  plan: OrderPlan;
  phone?: string | undefined;
}

interface Priced {
  source: 'configuration' | 'stock_unit';
  modelId: string;
  trimCode: string;
  vin: string | null;
  configurationCode: string | null;
  snapshot: Omit<OrderSnapshot, 'deposit' | 'dealer' | 'plan' | 'refundRules'>;
}

/**
 * A signed-in buyer reserves a car: a saved configuration to be built, or one VIN in stock,
 * held until the deposit is paid. Everything named is checked before anything is written; the
 * unit's hold, the order and its expiry job commit together or not at all.
 */
export async function placeOrder(
  deps: { db: Db; clock: Clock; cache: ReadCache },
  store: StoreRow,
  buyerId: string,
  request: PlaceOrderRequest,
  idempotencyKey: string | undefined,
): Promise<{ orderId: string; created: boolean }> {
  const { db, clock } = deps;
  if (idempotencyKey !== undefined) {
    const earlier = await orders.findOrderByRequest(db, buyerId, idempotencyKey);
    if (earlier) return { orderId: earlier.id, created: false };
  }
  if ((request.configuration === undefined) === (request.vin === undefined)) throw orderErrors.oneSource();

  const dealer = await findActiveDealerByCode(db, store.id, request.dealer);
  if (!dealer) throw orderErrors.dealerNotFound(request.dealer);
  if (!(JSON.parse(dealer.services) as string[]).includes('sales')) throw orderErrors.dealerNoSales(request.dealer);

  let phone: string | null = null;
  if (request.phone !== undefined && request.phone.trim() !== '') {
    const given = parseIdentifier(request.phone);
    if (given?.kind !== 'phone') throw orderErrors.phoneInvalid();
    phone = given.value;
  }

  const priced = request.vin !== undefined ? await pricedUnit(deps, store, request.vin, dealer) : await pricedConfiguration(deps, store, request.configuration!);
  const trimId = (await findTrimIds(db, priced.modelId)).find((t) => t.code === priced.trimCode)?.id;
  if (!trimId) throw orderErrors.modelNotOrderable();
  const policy = await getOrderPolicy(db, store.id);
  const deposit = depositFor(await getModelDeposit(db, priced.modelId), priced.snapshot.vehiclePrice);

  if (priced.vin !== null) await expireLapsedHolder(deps, priced.vin);
  const orderId = await inWriteTransaction(db, async (tx) => {
    // An order still naming the VIN is locked before the unit, as the lock order has it.
    const holding = priced.vin === null ? undefined : await orders.findLiveOrderOfVin(tx, priced.vin);
    await lockRows(tx, [
      ['user_account', buyerId],
      ['customer_order', holding?.id],
      ['vehicle_unit', priced.vin ?? undefined],
    ]);
    const now = clock.now();
    if ((await orders.countUnpaidOrders(tx, buyerId, now.toISOString())) >= MAX_UNPAID_ORDERS) throw orderErrors.tooManyUnpaid(MAX_UNPAID_ORDERS);

    const holdUntil = new Date(now.getTime() + policy.holdMinutes * 60_000).toISOString();
    if (priced.vin !== null) {
      // A hold that ran out still names its order until the expiry job gets there; expireLapsedHolder
      // expired it above, unless it ran out since: expire it now.
      const holder = await orders.findLiveOrderOfVin(tx, priced.vin);
      if (holder && holder.status === 'pending_deposit' && holder.hold_expires_at !== null && holder.hold_expires_at < now.toISOString()) {
        await expireOrderIn(tx, clock, holder.id);
      }
      if (!(await holdUnitForOrder(tx, store.id, priced.vin, holdUntil, now.toISOString()))) throw orderErrors.vinNotAvailable(priced.vin);
    }

    const snapshot: OrderSnapshot = {
      ...priced.snapshot,
      deposit,
      dealer: { code: dealer.code, name: JSON.parse(dealer.name) as LocalizedText },
      plan: request.plan,
      refundRules: { windowDays: policy.refundWindowDays, holdMinutes: policy.holdMinutes },
    };
    return openPendingOrder(tx, clock, {
      storeId: store.id,
      currency: store.currency,
      buyerId,
      dealerId: dealer.id,
      modelId: priced.modelId,
      trimId,
      source: priced.source,
      campaignId: null,
      configurationCode: priced.configurationCode,
      vin: priced.vin,
      plan: request.plan,
      snapshot,
      phone,
      holdUntil,
      estimatedDelivery: priced.source === 'configuration' ? estimatedDeliveryDay(now, policy.buildWeeks) : null,
      idempotencyKey,
    });
  });
  return { orderId, created: true };
}

export interface OrderTerms {
  vehiclePrice: number;
  deposit: number;
  currency: string;
  refundWindowDays: number;
  holdMinutes: number;
}

/**
 * What an order of this car would ask, before anything is held or written: checkout shows the
 * deposit and its rules before the buyer pays. The same pricing as placeOrder, so the figures agree.
 */
export async function orderTerms(
  deps: { db: Db; cache: ReadCache },
  store: StoreRow,
  request: { configuration?: string | undefined; vin?: string | undefined; dealer?: string | undefined },
): Promise<OrderTerms> {
  const { db } = deps;
  if ((request.configuration === undefined) === (request.vin === undefined)) throw orderErrors.oneSource();
  let priced: Priced;
  if (request.vin !== undefined) {
    if (request.dealer === undefined) throw orderErrors.dealerRequired();
    const dealer = await findActiveDealerByCode(db, store.id, request.dealer);
    if (!dealer) throw orderErrors.dealerNotFound(request.dealer);
    priced = await pricedUnit(deps, store, request.vin, dealer);
  } else {
    priced = await pricedConfiguration(deps, store, request.configuration!);
  }
  const policy = await getOrderPolicy(db, store.id);
  return {
    vehiclePrice: priced.snapshot.vehiclePrice,
    deposit: depositFor(await getModelDeposit(db, priced.modelId), priced.snapshot.vehiclePrice),
    currency: store.currency,
    refundWindowDays: policy.refundWindowDays,
    holdMinutes: policy.holdMinutes,
  };
}

async function pricedConfiguration(deps: { db: Db; cache: ReadCache }, store: StoreRow, code: string): Promise<Priced> {
  const saved = await findConfiguration(deps.db, store.id, code);
  if (!saved) throw orderErrors.configurationNotFound(code);
  const config = JSON.parse(saved.snapshot) as {
    model: { slug: string; name: LocalizedText };
    trim: { code: string; name: LocalizedText };
    options: Array<{ code: string; group: string; name: LocalizedText; price: number; standard: boolean }>;
    price: { vehiclePrice: number; onTheRoad: number };
  };
  const model = await loadConfigurableModel(deps.db, deps.cache, store, config.model.slug).catch(() => {
    throw orderErrors.modelNotOrderable();
  });
  const paint = config.options.find((o) => o.group === 'paint');
  return {
    source: 'configuration',
    modelId: model.modelId,
    trimCode: config.trim.code,
    vin: null,
    configurationCode: code,
    snapshot: {
      model: config.model,
      trim: config.trim,
      options: config.options.map((o) => ({ code: o.code, name: o.name, price: o.price })),
      colour: paint ? { code: paint.code, name: paint.name } : null,
      onTheRoad: config.price.onTheRoad,
      vehiclePrice: config.price.vehiclePrice,
      currency: store.currency,
    },
  };
}

async function pricedUnit(deps: { db: Db; cache: ReadCache }, store: StoreRow, vin: string, dealer: { id: string; code: string }): Promise<Priced> {
  const upper = vin.toUpperCase();
  if (!isValidVin(upper)) throw orderErrors.vinInvalid(vin);
  const unit = await findUnit(deps.db, store.id, upper);
  if (!unit || unit.purpose !== 'sale' || unit.price === null) throw orderErrors.vinNotFound(upper);
  if (unit.dealer_id !== dealer.id) throw orderErrors.vinAtOtherDealer(upper, dealer.code);
  if (unit.status !== 'available' && unit.status !== 'held') throw orderErrors.vinNotAvailable(upper);
  const model = await loadConfigurableModel(deps.db, deps.cache, store, unit.model_slug).catch(() => {
    throw orderErrors.modelNotOrderable();
  });
  const trim = model.model.trims.find((t) => t.code === unit.trim_code);
  if (!trim) throw orderErrors.modelNotOrderable();
  const codes = JSON.parse(unit.option_codes) as string[];
  const options = model.model.groups.flatMap((group) => group.options.map((option) => ({ group: group.code, option })));
  const chosen = options.filter(({ option }) => codes.includes(option.code));
  const paint = chosen.find((o) => o.group === 'paint');
  return {
    source: 'stock_unit',
    modelId: model.modelId,
    trimCode: trim.code,
    vin: upper,
    configurationCode: null,
    snapshot: {
      model: { slug: model.model.slug, name: model.model.name },
      trim: { code: trim.code, name: trim.name },
      options: chosen.map(({ option }) => ({
        code: option.code,
        name: option.name,
        price: option.availability[trim.code] === 'standard' ? 0 : option.price,
      })),
      colour: paint ? { code: paint.option.code, name: paint.option.name } : null,
      onTheRoad: null,
      vehiclePrice: Number(unit.price),
      currency: store.currency,
    },
  };
}
