import { parse } from 'csv-parse/sync';
import type { Db, VehicleUnitTable } from '../../db/database.js';
import { inWriteTransaction, lockRows } from '../../db/tx.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Locale } from '../../shared/locale.js';
import { recordAudit, type AuditActor } from '../audit/audit.service.js';
import type { ConfigurableModel } from '../configurator/configurations.service.js';
import { stockErrors, type ImportRowError } from './stock.errors.js';
import * as repo from './stock.repo.js';
import { checkedUnit, normalizeVin, UNIT_STATUSES, type ModelLookup, type NewUnit, type StockScope, type UnitStatus } from './stock.service.js';

/*
 * CSV import of a dealer's stock, all or nothing. The file (at most IMPORT_MAX_BYTES and
 * IMPORT_MAX_ROWS units) has a header line naming its columns, in any order:
 *
 *   vin,model,trim,options,colour,price,status,eta
 *
 * vin, model (slug) and trim (code) are required. options: option codes separated by "|" or
 * ";". colour: a paint option code (added to options when missing). price: integer fen, empty
 * for the configuration's vehicle price. status: available (default), held, sold or delivered.
 * eta: YYYY-MM-DD or a date-time with an offset, for a unit in transit.
 * Every row is checked (VIN, model, trim and options as the configurator engine sees them,
 * duplicates in the file and against every VIN registered) before anything is written; any
 * problem answers every problem found by line number (the header is line 1) and writes nothing.
 */

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5_000;
/** Errors listed in one answer; the count says how many there were in all. */
const MAX_LISTED_ERRORS = 200;
const COLUMNS = ['vin', 'model', 'trim', 'options', 'colour', 'price', 'status', 'eta'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['vin', 'model', 'trim'];

export interface ImportResult {
  imported: number;
}

interface ParsedLine {
  line: number;
  cells: string[];
}

function readCsv(text: string): ParsedLine[] {
  let records: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    throw stockErrors.importInvalid([{ line, column: null, code: 'STOCK_IMPORT_UNREADABLE', message: (error as Error).message }]);
  }
  // A record's first line: after the previous record's last line and any empty lines between.
  let previousEnd = 0;
  let previousEmpty = 0;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, cells: record };
  });
}

function rowError(line: number, column: Column | null, code: string, message: string): ImportRowError {
  return { line, column, code, message };
}

/** Where a service error points in a row. */
function columnOf(error: DomainError): Column | null {
  if (error.code === 'STOCK_INVALID_VIN') return 'vin';
  if (error.code === 'CONFIGURATOR_UNKNOWN_MODEL') return 'model';
  if (error.code === 'STOCK_INVALID_ETA') return 'eta';
  if (error.code === 'STOCK_INVALID_CONFIGURATION') {
    const violations = (error.details?.violations ?? []) as Array<{ code: string }>;
    return violations.some((v) => v.code === 'CONFIGURATOR_UNKNOWN_TRIM') ? 'trim' : 'options';
  }
  return null;
}

export async function importStock(
  deps: { db: Db; clock: Clock },
  scope: StockScope,
  lookup: ModelLookup,
  csv: string,
  actor: AuditActor,
  locale: Locale,
): Promise<ImportResult> {
  const lines = readCsv(csv);
  const header = lines[0];
  if (!header) throw stockErrors.importInvalid([rowError(1, null, 'STOCK_IMPORT_EMPTY', 'The file is empty: it needs a header line and units.')]);
  if (lines.length - 1 > IMPORT_MAX_ROWS) throw stockErrors.importTooLarge(IMPORT_MAX_ROWS);

  const names = header.cells.map((cell) => cell.toLowerCase());
  const headerErrors: ImportRowError[] = [];
  for (const name of names) {
    if (!(COLUMNS as readonly string[]).includes(name)) headerErrors.push(rowError(1, null, 'STOCK_IMPORT_UNKNOWN_COLUMN', `Unknown column "${name.slice(0, 40)}"; columns are ${COLUMNS.join(', ')}.`));
  }
  for (const name of REQUIRED) {
    if (!names.includes(name)) headerErrors.push(rowError(1, name, 'STOCK_IMPORT_MISSING_COLUMN', `The header must name the column "${name}".`));
  }
  if (new Set(names).size !== names.length) headerErrors.push(rowError(1, null, 'STOCK_IMPORT_DUPLICATE_COLUMN', 'A column is named twice.'));
  if (headerErrors.length > 0) throw stockErrors.importInvalid(headerErrors);
  const index = new Map(names.map((name, i) => [name as Column, i]));
  const cell = (cells: string[], column: Column) => {
    const i = index.get(column);
    return i === undefined ? '' : (cells[i] ?? '');
  };

  const now = deps.clock.now().toISOString();
  const models = new Map<string, Promise<{ target: ConfigurableModel; trimIds: Map<string, string> }>>();
  const modelOf = (slug: string) => {
    let found = models.get(slug);
    if (!found) {
      found = lookup(slug).then(async (target) => ({
        target,
        trimIds: new Map((await repo.findTrimIds(deps.db, target.modelId)).map((t) => [t.code, t.id])),
      }));
      // A failed lookup is remembered too, and answered once per row that names it.
      found.catch(() => undefined);
      models.set(slug, found);
    }
    return found;
  };

  const errors: ImportRowError[] = [];
  const rows: VehicleUnitTable[] = [];
  const lineOfVin = new Map<string, number>();
  for (const { line, cells } of lines.slice(1)) {
    if (cells.length !== names.length) {
      errors.push(rowError(line, null, 'STOCK_IMPORT_COLUMN_COUNT', `Expected ${names.length} cells, found ${cells.length}.`));
      continue;
    }
    const input = rowInput(cells, cell, line, errors);
    if (!input) continue;
    const earlier = lineOfVin.get(normalizeVin(input.vin));
    if (earlier !== undefined) {
      errors.push(rowError(line, 'vin', 'STOCK_IMPORT_DUPLICATE_VIN', `This VIN is also on line ${earlier}.`));
      continue;
    }
    lineOfVin.set(normalizeVin(input.vin), line);
    try {
      const { target, trimIds } = await modelOf(input.model);
      const row = checkedUnit(target, trimIds, input, scope, now, locale);
      const colour = cell(cells, 'colour');
      if (colour !== '' && row.colour !== colour) {
        errors.push(rowError(line, 'colour', 'STOCK_IMPORT_NOT_A_COLOUR', `"${colour.slice(0, 64)}" is not a paint of this model.`));
        continue;
      }
      rows.push(row);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(rowError(line, columnOf(error), error.code, error.message));
    }
  }
  if (rows.length + errors.length === 0) errors.push(rowError(1, null, 'STOCK_IMPORT_EMPTY', 'The file has a header but no units.'));

  const taken = await repo.existingVins(deps.db, rows.map((row) => row.vin));
  for (const vin of taken) errors.push(rowError(lineOfVin.get(vin)!, 'vin', 'STOCK_VIN_EXISTS', `The VIN ${vin} is already registered.`));
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new DomainError('unprocessable', 'STOCK_IMPORT_INVALID', `${errors.length} problem(s) in the file; nothing was imported.`, {
      errorCount: errors.length,
      rows: errors.slice(0, MAX_LISTED_ERRORS),
    });
  }

  await inWriteTransaction(deps.db, async (tx) => {
    await lockRows(tx, [['store', scope.storeId]]);
    const inserted = await repo.insertUnits(tx, rows);
    // A VIN registered since the check above: the whole file is refused, nothing kept.
    if (inserted !== rows.length) {
      const now = await repo.existingVins(tx, rows.map((row) => row.vin));
      const raced = rows.find((row) => now.has(row.vin) && !taken.has(row.vin));
      throw stockErrors.vinTaken(raced?.vin ?? rows[0]!.vin);
    }
    await recordAudit(tx, deps.clock, actor, {
      action: 'stock.imported',
      targetType: 'dealer',
      targetId: scope.dealerId,
      storeId: scope.storeId,
      dealerId: scope.dealerId,
      details: { units: rows.length },
    });
  });
  return { imported: rows.length };
}

/** One line's cells as a new unit, or null after noting what is wrong with them. */
function rowInput(cells: string[], cell: (cells: string[], column: Column) => string, line: number, errors: ImportRowError[]): NewUnit | null {
  const before = errors.length;
  const vin = cell(cells, 'vin');
  const model = cell(cells, 'model');
  const trim = cell(cells, 'trim');
  for (const [column, value] of [['vin', vin], ['model', model], ['trim', trim]] as const) {
    if (value === '') errors.push(rowError(line, column, 'STOCK_IMPORT_MISSING_VALUE', `${column} is required.`));
  }
  if (model !== '' && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(model)) {
    errors.push(rowError(line, 'model', 'CONFIGURATOR_UNKNOWN_MODEL', `This store sells no model called "${model.slice(0, 64)}".`));
  }
  const options = cell(cells, 'options')
    .split(/[|;]/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const colour = cell(cells, 'colour');
  if (colour !== '' && !options.includes(colour)) options.push(colour);
  const rawPrice = cell(cells, 'price');
  if (rawPrice !== '' && !(/^\d{1,11}$/.test(rawPrice) && Number(rawPrice) <= 100_000_000_00)) {
    errors.push(rowError(line, 'price', 'STOCK_IMPORT_INVALID_PRICE', 'price is a whole number of fen, at most 10000000000, or empty.'));
  }
  const status = cell(cells, 'status') || 'available';
  if (!(UNIT_STATUSES as readonly string[]).includes(status)) {
    errors.push(rowError(line, 'status', 'STOCK_IMPORT_INVALID_STATUS', `status is one of ${UNIT_STATUSES.join(', ')}, or empty.`));
  }
  if (errors.length > before) return null;
  const eta = cell(cells, 'eta');
  return {
    vin,
    model,
    trim,
    options,
    ...(rawPrice !== '' ? { price: Number(rawPrice) } : {}),
    status: status as UnitStatus,
    ...(eta !== '' ? { eta } : {}),
  };
}
