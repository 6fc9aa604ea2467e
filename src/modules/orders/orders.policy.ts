import { addDays, shanghaiDay } from '../../shared/calendar-days.js';
import type { LocalizedText } from '../../shared/locale.js';

/*
 * Checkout rules a store may set (table order_policy); a store without a row uses these,
 * which are the demo store's.
 */

export interface InspectionItem {
  code: string;
  label: LocalizedText;
}

export interface OrderPolicy {
  /** How long an order keeps its unit while the deposit is unpaid. */
  holdMinutes: number;
  /** After the deposit, how long a buyer may still cancel for a full refund, even once a VIN is allocated. */
  refundWindowDays: number;
  /** Estimated build and shipping time of a car built to order. */
  buildWeeks: number;
  /** Wrong pickup codes before handover is locked for PICKUP_LOCK_MINUTES. */
  pickupMaxAttempts: number;
  inspectionItems: InspectionItem[];
}

export const PICKUP_LOCK_MINUTES = 30;
/** A temporary plate (临时号牌) is valid for at most 30 days. */
export const TEMP_PLATE_MAX_DAYS = 30;
/** The demo deposit of every model: ¥5,000. */
export const DEFAULT_DEPOSIT = 500_000;
/** A 定金 may not exceed 20% of the price (Civil Code art. 586). */
export const DEPOSIT_CAP_BASIS_POINTS = 2_000;

export const DEFAULT_ORDER_POLICY: OrderPolicy = {
  holdMinutes: 15,
  refundWindowDays: 7,
  buildWeeks: 8,
  pickupMaxAttempts: 5,
  inspectionItems: [
    { code: 'exterior', label: { 'zh-CN': '外观与漆面无损', fr: 'Carrosserie et peinture sans défaut', en: 'Body and paint free of damage' } },
    { code: 'fluids', label: { 'zh-CN': '油液与胎压检查', fr: 'Niveaux et pression des pneus', en: 'Fluids and tyre pressures' } },
    { code: 'electronics', label: { 'zh-CN': '灯光与电子设备', fr: 'Éclairage et électronique', en: 'Lights and electronics' } },
    { code: 'road_test', label: { 'zh-CN': '交车前路试', fr: 'Essai routier avant livraison', en: 'Pre-delivery road test' } },
    { code: 'documents', label: { 'zh-CN': '合格证与随车文件', fr: 'Certificat de conformité et documents', en: 'Conformity certificate and papers' } },
  ],
};

/** The deposit actually asked: the model's, but never above 20% of this car's price. */
export function depositFor(modelDeposit: number, vehiclePrice: number): number {
  return Math.min(modelDeposit, Math.floor((vehiclePrice * DEPOSIT_CAP_BASIS_POINTS) / 10_000));
}

/** When a car built to order should arrive: the build weeks counted from the Shanghai day it is ordered on. */
export function estimatedDeliveryDay(orderedAt: Date, buildWeeks: number): string {
  return addDays(shanghaiDay(orderedAt), buildWeeks * 7);
}

/** What cancelling does to a paid deposit. */
export type DepositOutcome = 'nothing_paid' | 'refund' | 'forfeit';

export interface RefundFacts {
  status: string;
  depositPaid: boolean;
  vinAllocated: boolean;
  refundWindowEndsAt: string | null;
}

/**
 * The deposit is fully refundable until a VIN is allocated, or within the refund window; after
 * both a buyer's cancellation forfeits it. A dealer's or the brand's cancellation always refunds.
 */
export function depositOutcome(facts: RefundFacts, cancelledBy: 'buyer' | 'dealer' | 'brand', now: Date): DepositOutcome {
  if (!facts.depositPaid) return 'nothing_paid';
  if (cancelledBy !== 'buyer') return 'refund';
  if (!facts.vinAllocated) return 'refund';
  if (facts.refundWindowEndsAt !== null && now.toISOString() < facts.refundWindowEndsAt) return 'refund';
  return 'forfeit';
}
