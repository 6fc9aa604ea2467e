import type { Kysely } from 'kysely';

// Frozen once released: change the schema with a new dated migration.

/*
 * VIN stock: a unit's colour (the code of its paint option), its price in fen, and whether it
 * is on its way to its dealer (eta not null: in transit to dealer_id, expected then).
 * Units written before this migration get their colour and price here, from the catalog.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicle_unit').addColumn('colour', 'text').execute();
  await db.schema.alterTable('vehicle_unit').addColumn('price', 'bigint').execute();
  await db.schema.alterTable('vehicle_unit').addColumn('eta', 'text').execute();

  // The buyer's search: one model's available sale units at a set of dealers, by index only.
  await db.schema
    .createIndex('vehicle_unit_stock_search_idx')
    .on('vehicle_unit')
    .columns(['store_id', 'model_id', 'status', 'purpose', 'dealer_id'])
    .execute();
  // The console's pages, in VIN order: a dealer's, and a store's.
  await db.schema.createIndex('vehicle_unit_dealer_vin_idx').on('vehicle_unit').columns(['dealer_id', 'vin']).execute();
  await db.schema.createIndex('vehicle_unit_store_vin_idx').on('vehicle_unit').columns(['store_id', 'vin']).execute();

  await backfill(db);
}

/** Colour and price of existing units: the trim's price plus every option not standard on it. */
async function backfill(db: Kysely<any>): Promise<void> {
  const units: Array<{ vin: string; trim_id: string; model_id: string; option_codes: string }> = await db
    .selectFrom('vehicle_unit')
    .select(['vin', 'trim_id', 'model_id', 'option_codes'])
    .where('price', 'is', null)
    .execute();
  if (units.length === 0) return;
  const trims: Array<{ id: string; base_price: number | string }> = await db.selectFrom('trim').select(['id', 'base_price']).execute();
  const options: Array<{ id: string; model_id: string; code: string; price: number | string; group_code: string }> = await db
    .selectFrom('option')
    .innerJoin('option_group', 'option_group.id', 'option.group_id')
    .select(['option.id', 'option.model_id', 'option.code', 'option.price', 'option_group.code as group_code'])
    .execute();
  const standard: Array<{ trim_id: string; option_id: string }> = await db
    .selectFrom('trim_option')
    .select(['trim_id', 'option_id'])
    .where('availability', '=', 'standard')
    .execute();
  const trimPrice = new Map(trims.map((t) => [t.id, Number(t.base_price)]));
  const optionByCode = new Map(options.map((o) => [`${o.model_id}:${o.code}`, o]));
  const standardOn = new Set(standard.map((s) => `${s.trim_id}:${s.option_id}`));
  for (const unit of units) {
    const codes = JSON.parse(unit.option_codes) as string[];
    let price = trimPrice.get(unit.trim_id) ?? 0;
    let colour: string | null = null;
    for (const code of codes) {
      const option = optionByCode.get(`${unit.model_id}:${code}`);
      if (!option) continue;
      if (option.group_code === 'paint') colour = code;
      if (!standardOn.has(`${unit.trim_id}:${option.id}`)) price += Number(option.price);
    }
    await db.updateTable('vehicle_unit').set({ price, colour }).where('vin', '=', unit.vin).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['vehicle_unit_store_vin_idx', 'vehicle_unit_dealer_vin_idx', 'vehicle_unit_stock_search_idx']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const column of ['eta', 'price', 'colour']) {
    await db.schema.alterTable('vehicle_unit').dropColumn(column).execute();
  }
}
