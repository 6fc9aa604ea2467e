import type { Db, DbOrTx } from '../../db/database.js';
import { localize, type Locale, type LocalizedText } from '../../shared/locale.js';
import type { Money } from '../../shared/money.js';
import type { StoreRow } from '../catalog/catalog.service.js';
import { servedCityName } from '../dealers/dealers.service.js';
import { plateFeeErrors } from './plate-fees.errors.js';
import * as repo from './plate-fees.repo.js';

/*
 * The plate fee of the on-the-road estimate is store policy per city: a city may sell plates by
 * auction (Shanghai), draw them by lottery (Beijing), do both (Guangzhou, Shenzhen, Hangzhou,
 * Tianjin) or just charge registration; new-energy vehicles may get a free green plate. A city
 * without a row takes the store's flat fee.
 */

export interface CityPlateFee {
  city: { code: string; name: string };
  ice: Money;
  nev: Money;
  note: string;
  /** The figure is an average or a guess (an auction's going price), not a tariff. */
  estimate: boolean;
}

export interface PlateFeeList {
  /** The store's flat fee, for any city not listed. */
  default: Money;
  cities: CityPlateFee[];
}

export async function listPlateFees(db: Db, store: StoreRow, locale: Locale): Promise<PlateFeeList> {
  const rows = await repo.listPlateFees(db, store.id);
  const money = (amount: number | string): Money => ({ amount: Number(amount), currency: store.currency });
  return {
    default: money(store.plate_fee),
    cities: rows.map((row) => ({
      city: { code: row.city_code, name: localize(JSON.parse(row.city) as LocalizedText, locale) },
      ice: money(row.ice_fee),
      nev: money(row.nev_fee),
      note: localize(JSON.parse(row.note) as LocalizedText, locale),
      estimate: Number(row.estimate) === 1,
    })),
  };
}

/** The fee a buyer in a city pays, in every locale, as a saved configuration keeps it. */
export interface AppliedPlateFee {
  city: { code: string; name: LocalizedText };
  amount: number;
  /** Null for a city on the store's flat fee. */
  note: LocalizedText | null;
  estimate: boolean;
}

/** The plate fee for a car (NEV or not) registered in a city the store sets a fee for or serves; any other city is refused. */
export async function plateFeeFor(db: DbOrTx, store: StoreRow, cityCode: string, nev: boolean): Promise<AppliedPlateFee> {
  const row = await repo.findPlateFee(db, store.id, cityCode);
  if (row) {
    return {
      city: { code: cityCode, name: JSON.parse(row.city) as LocalizedText },
      amount: Number(nev ? row.nev_fee : row.ice_fee),
      note: JSON.parse(row.note) as LocalizedText,
      estimate: Number(row.estimate) === 1,
    };
  }
  const name = await servedCityName(db, store.id, cityCode);
  if (!name) throw plateFeeErrors.unknownCity(cityCode);
  return { city: { code: cityCode, name }, amount: Number(store.plate_fee), note: null, estimate: false };
}
