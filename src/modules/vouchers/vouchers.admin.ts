import type { Db } from '../../db/database.js';
import { inWriteTransaction } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import { requireStore } from '../catalog/catalog.service.js';
import { voucherErrors } from './vouchers.errors.js';
import * as repo from './vouchers.repo.js';
import { getVoucherPolicy, offerView, type OfferView, type VoucherPolicy, type VoucherStatus } from './vouchers.service.js';

/*
 * The brand's side of vouchers: what it sells, its refund policy, and what was sold and
 * redeemed, by dealer. An offer cannot change once on sale, only end early: buyers paid for
 * what it said.
 */

interface Deps {
  db: Db;
  clock: Clock;
}

export interface OfferInput {
  slug: string;
  name: LocalizedText;
  terms: LocalizedText;
  price: number;
  value: number;
  unitsTotal: number | null;
  perBuyerLimit: number;
  payMinutes: number;
  saleStartsAt: string;
  saleEndsAt: string;
  validUntil: string;
}

export interface AdminOfferView extends OfferView {
  localized: { name: LocalizedText; terms: LocalizedText };
  /** Vouchers of this offer by status. */
  counts: Record<VoucherStatus, number>;
  /** Money captured for it, and given back. */
  revenue: { amount: number; currency: string };
  refunded: { amount: number; currency: string };
}

const STATUSES: VoucherStatus[] = ['pending_payment', 'active', 'redeemed', 'expired', 'refunded', 'lapsed'];

export async function listAdminOffers(deps: Deps, storeSlug: string, locale: Locale): Promise<AdminOfferView[]> {
  const store = await requireStore(deps.db, storeSlug);
  const [offers, figures, policy] = await Promise.all([repo.listOffers(deps.db, store.id), repo.figuresByOffer(deps.db, store.id), getVoucherPolicy(deps.db, store.id)]);
  const now = deps.clock.now();
  return offers.map((offer) => {
    const mine = figures.filter((f) => f.offer_id === offer.id);
    const counts = Object.fromEntries(STATUSES.map((status) => [status, mine.find((f) => f.status === status)?.n ?? 0])) as Record<VoucherStatus, number>;
    const sum = (pick: (f: repo.OfferFigures) => number) => mine.reduce((total, f) => total + pick(f), 0);
    return {
      ...offerView(offer, policy, locale, now),
      localized: { name: JSON.parse(offer.name) as LocalizedText, terms: JSON.parse(offer.terms) as LocalizedText },
      counts,
      revenue: { amount: sum((f) => f.paid), currency: offer.currency },
      refunded: { amount: sum((f) => f.refunded), currency: offer.currency },
    };
  });
}

async function adminOffer(deps: Deps, storeSlug: string, slug: string, locale: Locale): Promise<AdminOfferView> {
  const offer = (await listAdminOffers(deps, storeSlug, locale)).find((o) => o.slug === slug);
  if (!offer) throw voucherErrors.offerNotFound(slug);
  return offer;
}

export async function createOffer(deps: Deps, storeSlug: string, input: OfferInput, actor: AuditActor, locale: Locale): Promise<AdminOfferView> {
  const store = await requireStore(deps.db, storeSlug);
  if (input.value < input.price) throw voucherErrors.valueBelowPrice();
  const starts = Date.parse(input.saleStartsAt);
  const ends = Date.parse(input.saleEndsAt);
  if (ends <= starts || Date.parse(input.validUntil) < ends) throw voucherErrors.badSchedule();
  const now = deps.clock.now().toISOString();
  await inWriteTransaction(deps.db, async (tx) => {
    if (await repo.findOffer(tx, store.id, input.slug)) throw voucherErrors.slugTaken(input.slug);
    await repo.insertOffer(tx, {
      id: newId(deps.clock.now().getTime()),
      store_id: store.id,
      slug: input.slug,
      name: JSON.stringify(input.name),
      terms: JSON.stringify(input.terms),
      price: input.price,
      value: input.value,
      currency: store.currency,
      units_total: input.unitsTotal,
      per_buyer_limit: input.perBuyerLimit,
      pay_minutes: input.payMinutes,
      sale_starts_at: new Date(starts).toISOString(),
      sale_ends_at: new Date(ends).toISOString(),
      valid_until: new Date(input.validUntil).toISOString(),
      ended_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(tx, deps.clock, actor, {
      action: 'voucher_offer.created',
      targetType: 'voucher_offer',
      targetId: input.slug,
      storeId: store.id,
      details: { price: input.price, value: input.value, unitsTotal: input.unitsTotal },
    });
  });
  return adminOffer(deps, storeSlug, input.slug, locale);
}

/** Ends a sale early. Vouchers already bought stay valid until their date. */
export async function endOfferEarly(deps: Deps, storeSlug: string, slug: string, actor: AuditActor, locale: Locale): Promise<AdminOfferView> {
  const store = await requireStore(deps.db, storeSlug);
  const offer = await repo.findOffer(deps.db, store.id, slug);
  if (!offer) throw voucherErrors.offerNotFound(slug);
  await inWriteTransaction(deps.db, async (tx) => {
    if (!(await repo.endOffer(tx, offer.id, deps.clock.now().toISOString()))) throw voucherErrors.alreadyEnded();
    await recordAudit(tx, deps.clock, actor, { action: 'voucher_offer.ended', targetType: 'voucher_offer', targetId: slug, storeId: store.id });
  });
  return adminOffer(deps, storeSlug, slug, locale);
}

export async function getPolicyOfStore(deps: Deps, storeSlug: string): Promise<VoucherPolicy> {
  const store = await requireStore(deps.db, storeSlug);
  return getVoucherPolicy(deps.db, store.id);
}

/** Changes the refund policy. It applies to vouchers paid from now on: a paid voucher keeps the window it was sold with. */
export async function setPolicyOfStore(deps: Deps, storeSlug: string, policy: VoucherPolicy, actor: AuditActor): Promise<VoucherPolicy> {
  const store = await requireStore(deps.db, storeSlug);
  await inWriteTransaction(deps.db, async (tx) => {
    await repo.upsertPolicy(tx, { store_id: store.id, refund_days: policy.refundDays, refund_on_expiry: policy.refundOnExpiry ? 1 : 0, updated_at: deps.clock.now().toISOString() });
    await recordAudit(tx, deps.clock, actor, { action: 'voucher_policy.updated', targetType: 'store', targetId: storeSlug, storeId: store.id, details: { ...policy } });
  });
  return getVoucherPolicy(deps.db, store.id);
}

export interface RedemptionReport {
  from: string;
  to: string;
  offer: string | null;
  dealers: Array<{ dealer: { code: string; name: string; city: string }; redeemed: number; value: { amount: number; currency: string }; againstOrders: number }>;
  totals: { redeemed: number; value: { amount: number; currency: string } };
}

/** Redemptions by dealer over [from, to), newest data included; every dealer that redeemed one is listed. */
export async function redemptionReport(deps: Deps, storeSlug: string, range: { from: string; to: string; offer?: string | undefined }, locale: Locale): Promise<RedemptionReport> {
  const store = await requireStore(deps.db, storeSlug);
  let offerId: string | undefined;
  if (range.offer !== undefined) {
    const offer = await repo.findOffer(deps.db, store.id, range.offer);
    if (!offer) throw voucherErrors.offerNotFound(range.offer);
    offerId = offer.id;
  }
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  if (to <= from || Date.parse(to) - Date.parse(from) > 3 * 366 * 86_400_000) throw voucherErrors.badRange();
  const rows = await repo.redemptionsByDealer(deps.db, store.id, { from, to, offerId });
  const money = (amount: number) => ({ amount, currency: store.currency });
  return {
    from,
    to,
    offer: range.offer ?? null,
    dealers: rows.map((r) => ({
      dealer: { code: r.dealer_slug, name: localize(JSON.parse(r.dealer_name) as LocalizedText, locale), city: localize(JSON.parse(r.city) as LocalizedText, locale) },
      redeemed: r.n,
      value: money(r.value),
      againstOrders: r.against_orders,
    })),
    totals: { redeemed: rows.reduce((n, r) => n + r.n, 0), value: money(rows.reduce((n, r) => n + r.value, 0)) },
  };
}
