import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn, type Caller } from '../helpers/auth.js';
import { saleCounts, seriesVin, sum } from '../helpers/stock.js';

// CSV imports of a dealer's stock: all or nothing, every problem by line number, hostile files.

let ctx: TestContext;
let staff: Caller;
// Sign-in hashes a password and the setup writes through the API: a generous time on a busy host.
beforeAll(async () => {
  ctx = await createTestApp();
  staff = await signIn(ctx.app, DEMO.staffShanghai);
}, 60_000);
afterAll(async () => {
  await ctx.close();
});

const IMPORTS = '/api/v1/dealer/stores/renault/dealers/sh-01/stock/imports';
const upload = (csv: string | Buffer, contentType = 'text/csv') =>
  ctx.app.inject({ method: 'POST', url: IMPORTS, headers: { ...staff.headers, 'content-type': contentType }, payload: csv });
const unitCount = async () => Number((await ctx.connection.db.selectFrom('vehicle_unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('CSV import', () => {
  it('imports every row of a good file, with defaults, colours, prices and ETAs', async () => {
    const before = await saleCounts(ctx, 'sh-01');
    const csv = [
      'vin,model,trim,options,colour,price,status,eta',
      `${seriesVin('E', 1)},koleos,koleos-20-2wd-comfort,,paint-cosmos-blue,,,`,
      `${seriesVin('E', 2)},koleos,koleos-25-4wd-flagship,acc-dashcam|acc-crossbars,,27500000,held,2018-05-02`,
      '',
      `${seriesVin('E', 3)},koleos,koleos-20-2wd-luxury,pk-safety;paint-pearl-white,paint-pearl-white,,sold,`,
    ].join('\r\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ imported: 3 });
    const rows = await ctx.connection.db
      .selectFrom('vehicle_unit')
      .select(['vin', 'status', 'price', 'colour', 'eta', 'option_codes'])
      .where('vin', 'in', [seriesVin('E', 1), seriesVin('E', 2), seriesVin('E', 3)])
      .orderBy('vin')
      .execute();
    expect(rows.map((r) => [r.status, Number(r.price), r.colour, r.eta])).toEqual([
      ['available', 18_280_000, 'paint-cosmos-blue', null],
      ['held', 27_500_000, 'paint-glacier-white', '2018-05-02T00:00:00.000Z'],
      // Luxury ¥199,800 + safety pack ¥8,000 + pearl white ¥5,000.
      ['sold', 21_280_000, 'paint-pearl-white', null],
    ]);
    const after = await saleCounts(ctx, 'sh-01');
    expect(sum(after)).toBe(sum(before) + 3);
    expect(after.held).toBe(before.held! + 1);
  });

  it('refuses a file with bad rows, listing each by line, and imports none of it', async () => {
    const before = await unitCount();
    const good = seriesVin('F', 1);
    const csv = [
      'VIN,Model,Trim,Options',
      `${good},koleos,koleos-20-2wd-comfort,`,
      `${seriesVin('F', 2).slice(0, 16)},koleos,koleos-20-2wd-comfort,`,
      `${seriesVin('F', 3)},twingo,x,`,
      `${seriesVin('F', 4)},koleos,koleos-20-2wd-comfort,wh-19`,
      `${good},koleos,koleos-20-2wd-comfort,`,
      `${seriesVin('A', 9)},koleos,koleos-20-2wd-nope,`,
      `${seriesVin('E', 1)},koleos,koleos-20-2wd-comfort,`,
      `${seriesVin('F', 5)},koleos`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('STOCK_IMPORT_INVALID');
    expect(body.rows.map((e: { line: number; column: string | null; code: string }) => [e.line, e.column, e.code])).toEqual([
      [3, 'vin', 'STOCK_INVALID_VIN'],
      [4, 'model', 'CONFIGURATOR_UNKNOWN_MODEL'],
      [5, 'options', 'STOCK_INVALID_CONFIGURATION'],
      [6, 'vin', 'STOCK_IMPORT_DUPLICATE_VIN'],
      [7, 'trim', 'STOCK_INVALID_CONFIGURATION'],
      [8, 'vin', 'STOCK_VIN_EXISTS'],
      [9, null, 'STOCK_IMPORT_COLUMN_COUNT'],
    ]);
    expect(body.rows[3].message).toContain('line 2');
    expect(await unitCount()).toBe(before);
  });

  it('refuses unknown or missing columns and empty files on line 1', async () => {
    for (const csv of ['vin,model,trim,engine\n', 'vin,model\n', '', 'vin,model,trim\n']) {
      const res = await upload(csv);
      expect(res.statusCode, JSON.stringify(csv)).toBe(422);
      expect(res.json().rows[0].line).toBe(1);
    }
  });

  it('numbers lines as the file does when a quoted cell spans lines', async () => {
    const csv = `vin,model,trim,options\n"${seriesVin('G', 1)}",koleos,koleos-20-2wd-comfort,"pk-bose\n"\n${seriesVin('G', 2)},koleos,nope,\n`;
    const res = await upload(csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().rows.map((e: { line: number }) => e.line)).toEqual([4]);
  });

  it('takes a 5,000-unit file in one request', async () => {
    const before = await unitCount();
    const lines = ['vin,model,trim,options,colour,price,status,eta'];
    for (let i = 1; i <= 5_000; i++) lines.push(`${seriesVin('H', i)},captur,${i % 2 ? 'captur-12t-comfort' : 'captur-12t-luxury'},,,,,`);
    const res = await upload(lines.join('\n'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(res.json()).toEqual({ imported: 5_000 });
    expect(await unitCount()).toBe(before + 5_000);
    const one = lines.slice(0, 2).join('\n').replace(seriesVin('H', 1), seriesVin('J', 1));
    const tooMany = [...lines, ...lines.slice(1, 2)].join('\n');
    expect((await upload(tooMany)).json().code).toBe('STOCK_IMPORT_TOO_LARGE');
    expect((await upload(one)).statusCode).toBe(201);
  }, 120_000);
});

describe('hostile CSV', () => {
  it('refuses NUL bytes (400), oversized files (413) and JSON or other types (400, 415), writing nothing', async () => {
    const before = await unitCount();
    const nul = await upload(`vin,model,trim\n${seriesVin('K', 1)},koleos\u0000,koleos-20-2wd-comfort\n`);
    expect(nul.statusCode).toBe(400);
    const huge = await upload(`vin,model,trim\n${'x'.repeat(2 * 1024 * 1024 + 10)}\n`);
    expect(huge.statusCode).toBe(413);
    const json = await upload(JSON.stringify('vin,model,trim'), 'application/json');
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('STOCK_IMPORT_NOT_CSV');
    const xml = await upload('<units/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    for (const res of [nul, huge, json, xml]) expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(await unitCount()).toBe(before);
  });

  it('answers unclosed quotes, formula-looking cells and odd bytes as row problems, never 500', async () => {
    const before = await unitCount();
    const cases = [
      `vin,model,trim\n"${seriesVin('K', 2)},koleos,koleos-20-2wd-comfort\n`,
      `vin,model,trim,options\n${seriesVin('K', 3)},=HYPERLINK("http://x"),koleos-20-2wd-comfort,\n`,
      `vin,model,trim,options\n${seriesVin('K', 4)},koleos,koleos-20-2wd-comfort,@SUM(A1)|+cmd\n`,
      `vin,model,trim,price\n${seriesVin('K', 5)},koleos,koleos-20-2wd-comfort,-1\n`,
      `vin,model,trim,price\n${seriesVin('K', 6)},koleos,koleos-20-2wd-comfort,1e309\n`,
      `vin,model,trim,status\n${seriesVin('K', 7)},koleos,koleos-20-2wd-comfort,stolen\n`,
      `vin,model,trim,eta\n${seriesVin('K', 8)},koleos,koleos-20-2wd-comfort,tomorrow\n`,
      `vin,model,trim\n\u202e${seriesVin('K', 9)},koleos,koleos-20-2wd-comfort\n`,
      `vin,model,trim,colour\n${seriesVin('K', 9)},koleos,koleos-20-2wd-comfort,wh-18\n`,
    ];
    for (const csv of cases) {
      const res = await upload(csv);
      expect(res.statusCode, csv).toBe(422);
      expect(res.json().code).toBe('STOCK_IMPORT_INVALID');
      expect(res.json().rows[0].line).toBe(2);
    }
    expect(await unitCount()).toBe(before);
  });
});
