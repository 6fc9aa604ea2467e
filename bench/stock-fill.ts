import Database from 'better-sqlite3';
import { modelYearCode, withCheckDigit } from '../src/modules/inventory/vin.js';

/*
 * Tops the bench database up to a large fleet for the stock-search scenario: synthetic sale
 * units of every Renault model, trim and active dealer (80% available, 10% held, 10% sold),
 * written straight into the SQLite file the server uses (WAL lets both have it open).
 */
export function fillStock(file: string, units: number): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 10000');
    const store = db.prepare(`select id from store where slug = 'renault'`).get() as { id: string };
    const trims = db
      .prepare(`select trim.id, trim.model_id, trim.base_price from trim join model on model.id = trim.model_id where model.store_id = ? order by trim.id`)
      .all(store.id) as Array<{ id: string; model_id: string; base_price: number }>;
    const dealers = db.prepare(`select id from dealer where store_id = ? and status = 'active' order by code`).all(store.id) as Array<{ id: string }>;
    const insert = db.prepare(
      `insert into vehicle_unit (vin, store_id, model_id, trim_id, dealer_id, option_codes, purpose, status, hold_expires_at, built_on, created_at, updated_at, colour, price, eta)
       values (?, ?, ?, ?, ?, '[]', 'sale', ?, null, '2018-03-01', ?, ?, null, ?, null) on conflict (vin) do nothing`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < units; i++) {
        const trim = trims[i % trims.length]!;
        const dealer = dealers[(i * 7) % dealers.length]!;
        const status = i % 10 === 8 ? 'held' : i % 10 === 9 ? 'sold' : 'available';
        const vin = withCheckDigit(`LBENCH${String(Math.floor(i / 1_000_000)).padStart(2, '0')}0${modelYearCode(2018)}B${String(i % 1_000_000).padStart(6, '0')}`);
        insert.run(vin, store.id, trim.model_id, trim.id, dealer.id, status, now, now, trim.base_price);
      }
    })();
  } finally {
    db.close();
  }
}

/** SQLite's plan for the search's two queries, as stock.repo.ts writes them: both must be index searches. */
export function explainStockSearch(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const store = db.prepare(`select id from store where slug = 'renault'`).get() as { id: string };
    const model = db.prepare(`select id from model where store_id = ? and slug = 'koleos'`).get(store.id) as { id: string };
    const dealers = (db.prepare(`select id from dealer where store_id = ? order by code limit 12`).all(store.id) as Array<{ id: string }>).map((d) => d.id);
    const marks = dealers.map(() => '?').join(', ');
    const where = `"store_id" = ? and "model_id" = ? and "status" = ? and "purpose" = ? and "dealer_id" in (${marks})`;
    const plan = (sql: string) =>
      (db.prepare(`explain query plan ${sql}`).all(store.id, model.id, 'available', 'sale', ...dealers) as Array<{ detail: string }>)
        .map((row) => `    ${row.detail}`)
        .join('\n');
    return [
      'candidates: select vin, trim_id, option_codes, colour, price, eta, dealer_id from vehicle_unit where … limit 200',
      plan(`select "vin", "trim_id", "option_codes", "colour", "price", "eta", "dealer_id" from "vehicle_unit" where ${where} limit 200`),
      'counts: select dealer_id, count(*) from vehicle_unit where … group by dealer_id',
      plan(`select "dealer_id", count(*) as "n" from "vehicle_unit" where ${where} group by "dealer_id"`),
    ].join('\n');
  } finally {
    db.close();
  }
}
