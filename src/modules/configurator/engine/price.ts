import { DomainError } from '../../../shared/errors.js';
import type { CompiledModel } from './compile.js';
import { STANDARD } from './compile.js';
import { INCLUDED, Workspace } from './effective.js';
import { parseSelection, validate } from './validate.js';
import type { PriceBreakdown, PriceInput, PriceLine, Selection } from './types.js';

/**
 * Compulsory traffic accident liability insurance (交强险), first year, family car, in fen:
 * ¥950 below 6 seats, ¥1,100 for 6 seats or more.
 */
export const COMPULSORY_INSURANCE_BELOW_6_SEATS = 95_000;
export const COMPULSORY_INSURANCE_6_SEATS_OR_MORE = 110_000;

/**
 * China's vehicle purchase tax: 10% of the price before 13% VAT, i.e. vehiclePrice × 10 / 113,
 * rounded half up to the fen in integer arithmetic: floor((2·10·p + 113) / 226). (p·10/113 is never
 * exactly half a fen, since 20p = 113(2k+1) has no integer solution, so this is also round-to-nearest.)
 * NEVs are exempt.
 */
export function purchaseTax(vehiclePrice: number, nev: boolean): number {
  if (nev) return 0;
  return Math.floor((vehiclePrice * 10 * 2 + 113) / (113 * 2));
}

export function compulsoryInsurance(seats: number): number {
  return seats < 6 ? COMPULSORY_INSURANCE_BELOW_6_SEATS : COMPULSORY_INSURANCE_6_SEATS_OR_MORE;
}

function fen(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of fen, got ${value}`);
  return value;
}

/**
 * Prices a valid selection. Standard options cost nothing; an option an including option brings in
 * is covered by it; everything else is charged at its catalog price. All amounts are integer fen.
 * Throws CONFIGURATOR_INVALID_SELECTION (with the violations) for a selection validate rejects.
 */
export function price(c: CompiledModel, selection: Selection, input: PriceInput): PriceBreakdown {
  const campaignDiscount = fen('campaignDiscount', input.campaignDiscount ?? 0);
  const plateFee = fen('plateFee', input.plateFee);
  const { trim, picks, unknown, duplicates } = parseSelection(c, selection);
  const ws = new Workspace(c);
  const clean = trim >= 0 && unknown.length === 0 && duplicates.length === 0 && selection.options.length <= c.optionCount;
  if (clean) ws.fit(trim, picks);
  if (!clean || !ws.isValid(trim)) {
    const { violations } = validate(c, selection, 'en');
    throw new DomainError(
      'unprocessable',
      'CONFIGURATOR_INVALID_SELECTION',
      `Cannot price an invalid selection: ${violations.map((v) => v.code).join(', ')}.`,
      { violations },
    );
  }

  const row = trim * c.optionCount;
  const options: PriceLine[] = [];
  let optionsTotal = 0;
  for (const o of ws.fitted()) {
    const option = c.options[o]!;
    const standard = c.availability[row + o] === STANDARD;
    const coveredBy = !standard && (ws.state[o]! & INCLUDED) !== 0 ? c.includers[o]?.find((p) => ws.state[p] !== 0) : undefined;
    const charged = standard || coveredBy !== undefined ? 0 : option.price;
    optionsTotal += charged;
    options.push({
      code: option.code,
      price: charged,
      catalogPrice: option.price,
      standard,
      covered: coveredBy !== undefined,
      ...(coveredBy !== undefined ? { coveredBy: c.options[coveredBy]!.code } : {}),
    });
  }

  const trimPrice = c.trims[trim]!.price;
  const listPrice = trimPrice + optionsTotal;
  const vehiclePrice = Math.max(0, listPrice - campaignDiscount);
  const tax = purchaseTax(vehiclePrice, c.model.nev);
  const insurance = compulsoryInsurance(c.model.seats);
  return {
    currency: c.model.currency,
    trim: { code: c.trims[trim]!.code, price: trimPrice },
    options,
    optionsTotal,
    listPrice,
    campaignDiscount,
    vehiclePrice,
    purchaseTax: tax,
    compulsoryInsurance: insurance,
    plateFee,
    onTheRoad: vehiclePrice + tax + insurance + plateFee,
  };
}

/** List price of the configuration last fitted in `ws` on `trim`: the search's "prefer cheaper". */
export function listPriceOf(c: CompiledModel, ws: Workspace, trim: number): number {
  const row = trim * c.optionCount;
  let total = c.trims[trim]!.price;
  for (let o = 0; o < c.optionCount; o++) {
    const s = ws.state[o]!;
    if (s === 0 || c.availability[row + o] === STANDARD) continue;
    if ((s & INCLUDED) !== 0) continue; // covered by the option that brought it in
    total += c.options[o]!.price;
  }
  return total;
}
