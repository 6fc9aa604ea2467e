import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DbOrTx, Tx, VoucherOfferTable, VoucherPolicyTable, VoucherTable } from '../../db/database.js';

// SQL for voucher offers, bought vouchers and the voucher policy, and only here.

export type VoucherOfferRow = Selectable<VoucherOfferTable>;
export type VoucherRow = Selectable<VoucherTable>;
/** A voucher with what its views name: the offer's name and terms, and where it was redeemed. */
export type VoucherDetailRow = VoucherRow & { offer_slug: string; offer_name: string; offer_terms: string; dealer_slug: string | null; dealer_name: string | null };

export async function findPolicy(db: DbOrTx, storeId: string) {
  return db.selectFrom('voucher_policy').selectAll().where('store_id', '=', storeId).executeTakeFirst();
}

export async function upsertPolicy(tx: Tx, row: Insertable<VoucherPolicyTable>): Promise<void> {
  await tx
    .insertInto('voucher_policy')
    .values(row)
    .onConflict((oc) => oc.column('store_id').doUpdateSet({ refund_days: row.refund_days, refund_on_expiry: row.refund_on_expiry, updated_at: row.updated_at }))
    .execute();
}

// ---- Offers ----

export async function findOffer(db: DbOrTx, storeId: string, slug: string): Promise<VoucherOfferRow | undefined> {
  return db.selectFrom('voucher_offer').selectAll().where('store_id', '=', storeId).where('slug', '=', slug).executeTakeFirst();
}

export async function findOfferById(db: DbOrTx, id: string): Promise<VoucherOfferRow | undefined> {
  return db.selectFrom('voucher_offer').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOffers(db: DbOrTx, storeId: string): Promise<VoucherOfferRow[]> {
  return db.selectFrom('voucher_offer').selectAll().where('store_id', '=', storeId).orderBy('sale_starts_at', 'desc').orderBy('slug').limit(200).execute();
}

export async function insertOffer(tx: Tx, row: Insertable<VoucherOfferTable>): Promise<void> {
  await tx.insertInto('voucher_offer').values(row).execute();
}

export async function endOffer(tx: Tx, id: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('voucher_offer')
    .set({ ended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .where('sale_ends_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/*
 * An offer's counter moves only by conditional updates: a unit is taken only while the sale is
 * open and one is left, and given back only when one was taken. Never read, then written.
 */

export async function takeOfferUnit(tx: Tx, id: string, now: string): Promise<boolean> {
  const result = await tx
    .updateTable('voucher_offer')
    .set({ units_taken: sql`units_taken + 1` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('units_total', 'is', null), eb('units_taken', '<', eb.ref('units_total'))]))
    .where('ended_at', 'is', null)
    .where('sale_starts_at', '<=', now)
    .where('sale_ends_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function giveOfferUnitBack(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('voucher_offer').set({ units_taken: sql`units_taken - 1` }).where('id', '=', id).where('units_taken', '>', 0).execute();
}

// ---- Vouchers ----

function withOffer(db: DbOrTx) {
  return db
    .selectFrom('voucher')
    .innerJoin('voucher_offer', 'voucher_offer.id', 'voucher.offer_id')
    .leftJoin('dealer', 'dealer.id', 'voucher.dealer_id')
    .selectAll('voucher')
    .select(['voucher_offer.slug as offer_slug', 'voucher_offer.name as offer_name', 'voucher_offer.terms as offer_terms', 'dealer.code as dealer_slug', 'dealer.name as dealer_name']);
}

export async function findVoucher(db: DbOrTx, id: string): Promise<VoucherRow | undefined> {
  return db.selectFrom('voucher').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVoucherDetail(db: DbOrTx, id: string): Promise<VoucherDetailRow | undefined> {
  return withOffer(db).where('voucher.id', '=', id).executeTakeFirst();
}

/** A voucher with its buyer's language, for the messages that tell them about it. */
export async function findVoucherForMessage(db: DbOrTx, id: string) {
  return withOffer(db).innerJoin('user_account', 'user_account.id', 'voucher.buyer_id').select('user_account.locale as buyer_locale').where('voucher.id', '=', id).executeTakeFirstOrThrow();
}

export async function findVoucherByCode(db: DbOrTx, storeId: string, code: string): Promise<VoucherRow | undefined> {
  return db.selectFrom('voucher').selectAll().where('store_id', '=', storeId).where('code', '=', code).executeTakeFirst();
}

export async function findVoucherDetailByCode(db: DbOrTx, storeId: string, code: string): Promise<VoucherDetailRow | undefined> {
  return withOffer(db).where('voucher.store_id', '=', storeId).where('voucher.code', '=', code).executeTakeFirst();
}

export async function findVoucherByRequest(db: DbOrTx, buyerId: string, key: string): Promise<VoucherRow | undefined> {
  return db.selectFrom('voucher').selectAll().where('buyer_id', '=', buyerId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function listVouchersOfBuyer(db: DbOrTx, buyerId: string): Promise<VoucherDetailRow[]> {
  return withOffer(db).where('voucher.buyer_id', '=', buyerId).orderBy('voucher.created_at', 'desc').orderBy('voucher.id', 'desc').limit(100).execute();
}

export async function listRedeemedAtDealer(db: DbOrTx, dealerId: string): Promise<VoucherDetailRow[]> {
  return withOffer(db).where('voucher.dealer_id', '=', dealerId).orderBy('voucher.redeemed_at', 'desc').orderBy('voucher.id', 'desc').limit(50).execute();
}

export async function listVouchersOfOrder(db: DbOrTx, orderId: string): Promise<VoucherRow[]> {
  return db.selectFrom('voucher').selectAll().where('order_id', '=', orderId).execute();
}

/** A buyer's vouchers of an offer that still count against its per-buyer limit. */
export async function countBuyersVouchers(db: DbOrTx, offerId: string, buyerId: string): Promise<number> {
  const row = await db
    .selectFrom('voucher')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('offer_id', '=', offerId)
    .where('buyer_id', '=', buyerId)
    .where('status', 'in', ['pending_payment', 'active', 'redeemed', 'expired'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertVoucher(tx: Tx, row: Insertable<VoucherTable>): Promise<void> {
  await tx.insertInto('voucher').values(row).execute();
}

/** A voucher moves only from the status it was read in: false when someone else moved it first. */
export async function updateVoucherIf(tx: Tx, id: string, status: string, changes: Updateable<VoucherTable>): Promise<boolean> {
  const result = await tx.updateTable('voucher').set(changes).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function addToVoucherBalance(tx: Tx, id: string, kind: 'captured' | 'refunded', amount: number, now: string): Promise<void> {
  const column = kind === 'captured' ? 'amount_captured' : 'amount_refunded';
  await tx
    .updateTable('voucher')
    .set({ [column]: sql`${sql.ref(column)} + ${amount}`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

// ---- The brand's figures ----

export interface OfferFigures {
  offer_id: string;
  status: string;
  n: number;
  paid: number;
  refunded: number;
}

/** Vouchers of the store's offers by status, with the money they brought and gave back. */
export async function figuresByOffer(db: DbOrTx, storeId: string): Promise<OfferFigures[]> {
  const rows = await db
    .selectFrom('voucher')
    .select((eb) => [
      'offer_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('amount_captured').as('paid'),
      eb.fn.sum<number>('amount_refunded').as('refunded'),
    ])
    .where('store_id', '=', storeId)
    .groupBy(['offer_id', 'status'])
    .execute();
  return rows.map((r) => ({ offer_id: r.offer_id, status: r.status, n: Number(r.n), paid: Number(r.paid ?? 0), refunded: Number(r.refunded ?? 0) }));
}

export interface DealerRedemptions {
  dealer_id: string;
  dealer_slug: string;
  dealer_name: string;
  city: string;
  n: number;
  value: number;
  against_orders: number;
}

/** Redeemed vouchers by dealer, in a time range of redemption, optionally of one offer. */
export async function redemptionsByDealer(db: DbOrTx, storeId: string, range: { from: string; to: string; offerId?: string | undefined }): Promise<DealerRedemptions[]> {
  let query = db
    .selectFrom('voucher')
    .innerJoin('dealer', 'dealer.id', 'voucher.dealer_id')
    .select((eb) => [
      'voucher.dealer_id as dealer_id',
      'dealer.code as dealer_slug',
      'dealer.name as dealer_name',
      'dealer.city as city',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('voucher.value').as('value'),
      eb.fn.count<number>('voucher.order_id').as('against_orders'),
    ])
    .where('voucher.store_id', '=', storeId)
    .where('voucher.status', '=', 'redeemed')
    .where('voucher.redeemed_at', '>=', range.from)
    .where('voucher.redeemed_at', '<', range.to);
  if (range.offerId) query = query.where('voucher.offer_id', '=', range.offerId);
  const rows = await query.groupBy(['voucher.dealer_id', 'dealer.code', 'dealer.name', 'dealer.city']).orderBy('value', 'desc').orderBy('dealer.code').execute();
  return rows.map((r) => ({
    dealer_id: r.dealer_id!,
    dealer_slug: r.dealer_slug,
    dealer_name: r.dealer_name,
    city: r.city,
    n: Number(r.n),
    value: Number(r.value ?? 0),
    against_orders: Number(r.against_orders),
  }));
}

/** The version of a store's voucher offers, which database triggers bump on any change to them but a purchase's; 0 before any. */
export async function offersVersion(db: DbOrTx, storeId: string): Promise<number> {
  const row = await db.selectFrom('voucher_offer_version').select('version').where('store_id', '=', storeId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}
