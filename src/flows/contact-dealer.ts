import type { Db } from '../db/database.js';
import { inWriteTransaction } from '../db/tx.js';
import { parseIdentifier } from '../modules/accounts/identifiers.js';
import { findUserById } from '../modules/accounts/accounts.repo.js';
import { recordDomainEvent, type Channel } from '../modules/analytics/analytics.service.js';
import type { StoreRow } from '../modules/catalog/catalog.service.js';
import { modelIdOf } from '../modules/catalog/catalog.service.js';
import { findConfiguration } from '../modules/configurator/configurations.repo.js';
import { findActiveDealerByCode } from '../modules/dealers/dealers.repo.js';
import { findTrimIds } from '../modules/inventory/stock.repo.js';
import { isValidVin } from '../modules/inventory/vin.js';
import { notify } from '../modules/jobs/notifications.js';
import { leadErrors } from '../modules/leads/leads.errors.js';
import { findUnitOfStore, type LeadSubject } from '../modules/leads/leads.repo.js';
import { getBuyerLead, openRequestedLead, type BuyerLeadView } from '../modules/leads/leads.service.js';
import type { Clock } from '../shared/clock.js';
import { DEFAULT_LOCALE, isLocale, localize, type Locale, type LocalizedText } from '../shared/locale.js';

export interface ContactRequest {
  dealer: string;
  model?: string | undefined;
  configuration?: string | undefined;
  vin?: string | undefined;
  sharePhone: boolean;
  phone?: string | undefined;
  message?: string | undefined;
}

/**
 * "Contact me": a signed-in buyer asks one dealer of the store to call back about a model, a
 * saved configuration or a car in stock. Everything named must be this store's, checked
 * before anything is written; the buyer's phone reaches the dealer only with consent.
 */
export async function contactDealer(
  deps: { db: Db; clock: Clock },
  store: StoreRow,
  buyerId: string,
  request: ContactRequest,
  /** The buyer's device, for the brand's dashboards. */
  channel: Channel,
  locale: Locale,
): Promise<{ lead: BuyerLeadView; created: boolean }> {
  const { db, clock } = deps;
  const named = [request.model, request.configuration, request.vin].filter((v) => v !== undefined);
  if (named.length !== 1) throw leadErrors.oneSubject();

  const dealer = await findActiveDealerByCode(db, store.id, request.dealer);
  if (!dealer) throw leadErrors.dealerNotFound(request.dealer);
  if (!(JSON.parse(dealer.services) as string[]).includes('sales')) throw leadErrors.dealerNoSales(request.dealer);

  const { subject, trimId } = await resolveSubject(db, store, dealer, request);
  const message = request.message?.trim() ? request.message.trim() : null;

  const { id, created } = await inWriteTransaction(db, async (tx) => {
    const buyer = await findUserById(tx, buyerId);
    if (!buyer) throw leadErrors.notFound();
    let phone: string | null = null;
    if (request.sharePhone) {
      // The account's own number first: it is the one the buyer proved at sign-in.
      phone = buyer.phone ?? null;
      if (phone === null) {
        if (request.phone === undefined) throw leadErrors.phoneRequired();
        const given = parseIdentifier(request.phone);
        if (given?.kind !== 'phone') throw leadErrors.phoneInvalid();
        phone = given.value;
      }
    }
    const opened = await openRequestedLead(tx, clock, { storeId: store.id, dealerId: dealer.id, buyerId, subject, phone, message });
    if (opened.created) {
      const dealerName = localize(JSON.parse(dealer.name) as LocalizedText, isLocale(buyer.locale) ? buyer.locale : DEFAULT_LOCALE);
      await notify(tx, clock, { userId: buyerId, template: 'lead.received', params: { dealer: dealerName } }, { storeId: store.id, dealerId: dealer.id });
      await recordDomainEvent(tx, clock, { kind: 'lead_created', storeId: store.id, subjectId: opened.id, modelId: subject.modelId, trimId, dealer, channel });
    }
    return opened;
  });
  return { lead: await getBuyerLead(db, buyerId, id, locale), created };
}

async function resolveSubject(
  db: Db,
  store: StoreRow,
  dealer: { id: string; code: string },
  request: ContactRequest,
): Promise<{ subject: LeadSubject; trimId: string | null }> {
  if (request.model !== undefined) {
    const modelId = await modelIdOf(db, store, request.model);
    if (!modelId) throw leadErrors.modelNotFound(request.model);
    return { subject: { source: 'model', modelId, configurationCode: null, vin: null }, trimId: null };
  }
  if (request.configuration !== undefined) {
    const saved = await findConfiguration(db, store.id, request.configuration);
    if (!saved) throw leadErrors.configurationNotFound(request.configuration);
    const snapshot = JSON.parse(saved.snapshot) as { model: { slug: string }; trim: { code: string } };
    const modelId = (await modelIdOf(db, store, snapshot.model.slug)) ?? null;
    const trimId = modelId === null ? null : ((await findTrimIds(db, modelId)).find((t) => t.code === snapshot.trim.code)?.id ?? null);
    return { subject: { source: 'configuration', modelId, configurationCode: saved.code, vin: null }, trimId };
  }
  const vin = request.vin!.toUpperCase();
  if (!isValidVin(vin)) throw leadErrors.vinInvalid(request.vin!);
  const unit = await findUnitOfStore(db, store.id, vin);
  if (!unit) throw leadErrors.vinNotFound(vin);
  if (unit.dealer_id !== dealer.id) throw leadErrors.vinAtOtherDealer(vin, dealer.code);
  return { subject: { source: 'stock_unit', modelId: unit.model_id, configurationCode: null, vin }, trimId: unit.trim_id };
}
