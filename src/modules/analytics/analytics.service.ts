import type { AnalyticsEventKind, AnalyticsEventTable, DbOrTx, Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { shanghaiDay } from '../../shared/calendar-days.js';
import type { Channel } from './analytics.dimensions.js';
import * as repo from './analytics.repo.js';

export type { Channel } from './analytics.dimensions.js';

export type DomainEventKind = Exclude<AnalyticsEventKind, 'model_viewed'>;

/** A dealer as the dashboards place it: its city code and province. */
export interface DealerPlace {
  id: string;
  city_code: string | null;
  province: string;
}

/** A change a buyer made, recorded in the transaction that makes it. */
export interface DomainEvent {
  kind: DomainEventKind;
  storeId: string;
  /** The order, lead, test drive or configuration: one event of a kind per subject. */
  subjectId: string;
  modelId: string | null;
  trimId: string | null;
  /** The dealer it happened at; its city is the event's city. */
  dealer: DealerPlace | null;
  /** Without a dealer: the buyer's city, when known. */
  city?: { code: string; province: string | null } | null;
  channel: Channel;
  /** fen, for deposits and deliveries. */
  amount?: number | null;
}

/** A model page seen, as the beacon reports it. */
export interface ModelView {
  storeId: string;
  modelId: string;
  trimId: string | null;
  city: { code: string; province: string } | null;
  channel: Channel;
}

function rowOf(kind: AnalyticsEventKind, at: Date, fields: Omit<AnalyticsEventTable, 'id' | 'kind' | 'occurred_at' | 'day'>): AnalyticsEventTable {
  return { id: newId(at.getTime()), kind, occurred_at: at.toISOString(), day: shanghaiDay(at), ...fields };
}

/**
 * Records a domain event inside the transaction of its change: one cheap INSERT, and none when
 * its subject already has one (a replayed request, a callback told twice), so it counts once.
 */
export async function recordDomainEvent(tx: Tx, clock: Clock, event: DomainEvent): Promise<void> {
  await repo.insertEvent(
    tx,
    rowOf(event.kind, clock.now(), {
      store_id: event.storeId,
      model_id: event.modelId,
      trim_id: event.trimId,
      dealer_id: event.dealer?.id ?? null,
      city_code: event.dealer ? event.dealer.city_code : (event.city?.code ?? null),
      province: event.dealer ? event.dealer.province : (event.city?.province ?? null),
      channel: event.channel,
      subject_id: event.subjectId,
      amount: event.amount ?? null,
    }),
  );
}

/** The row of a model view, stamped now; written later, in a batch. */
export function viewRow(at: Date, view: ModelView): AnalyticsEventTable {
  return rowOf('model_viewed', at, {
    store_id: view.storeId,
    model_id: view.modelId,
    trim_id: view.trimId,
    dealer_id: null,
    city_code: view.city?.code ?? null,
    province: view.city?.province ?? null,
    channel: view.channel,
    subject_id: null,
    amount: null,
  });
}

/** Where a dealer of the store is; null when it is not the store's. */
export async function dealerPlace(db: DbOrTx, storeId: string, dealerId: string): Promise<DealerPlace | null> {
  return (await repo.findDealerPlace(db, storeId, dealerId)) ?? null;
}

/** The province of a city the store serves; null for a city where it has no active dealer. */
export async function servedCity(db: DbOrTx, storeId: string, cityCode: string): Promise<{ code: string; province: string } | null> {
  const province = await repo.findServedCityProvince(db, storeId, cityCode);
  return province === undefined ? null : { code: cityCode, province };
}

/** The channel an earlier event about the same subject was recorded with; unknown when there is none. */
export async function channelRecordedFor(db: DbOrTx, kind: DomainEventKind, subjectId: string): Promise<Channel> {
  const channel = await repo.findChannelOf(db, kind, subjectId);
  return channel === 'phone' || channel === 'desktop' ? channel : 'unknown';
}

/*
 * Deposits and deliveries are started by a payment provider and by a dealer, whose requests say
 * nothing of the buyer's device. An order placed by a flash-sale claim was recorded with the
 * buyer's channel under the order's own id, found by the unique index in one lookup; orders
 * placed otherwise record no event when placed, and are 'unknown'.
 */
export async function channelOfOrder(db: DbOrTx, orderId: string): Promise<Channel> {
  return channelRecordedFor(db, 'campaign_claimed', orderId);
}

/** A step of an order the dashboards count, with its amount in fen: the deposit paid, the car delivered. */
export async function recordOrderEvent(
  tx: Tx,
  clock: Clock,
  kind: 'deposit_paid' | 'delivered',
  order: { id: string; store_id: string; dealer_id: string; model_id: string; trim_id: string },
  amount: number,
): Promise<void> {
  await recordDomainEvent(tx, clock, {
    kind,
    storeId: order.store_id,
    subjectId: order.id,
    modelId: order.model_id,
    trimId: order.trim_id,
    dealer: await dealerPlace(tx, order.store_id, order.dealer_id),
    channel: await channelOfOrder(tx, order.id),
    amount,
  });
}
