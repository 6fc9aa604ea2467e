import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { consoleSender } from '../../src/modules/accounts/sender.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO, signIn } from '../helpers/auth.js';

// The public dealer locator: nearest first, filters, impossible coordinates, store isolation.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

interface Card {
  code: string;
  name: string;
  city: { code: string; name: string };
  location: { lat: number; lng: number };
  services: string[];
  openingHours: { timeZone: string; days: Array<{ day: string; open: string | null; close: string | null }> } | null;
  distanceKm?: number;
}
const get = (url: string) => ctx.app.inject({ url });
const locate = async (query: string) => {
  const res = await get(`/api/v1/stores/renault/dealers?${query}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { dealers: Card[] }).dealers;
};

// Shanghai, People's Square.
const PEOPLES_SQUARE = { lat: 31.2304, lng: 121.4737 };

/** The test's own great-circle distance: the atan2 form of the haversine, mean Earth radius. */
function greatCircleKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const sinLat = Math.sin(toRad(b.lat - a.lat) / 2);
  const sinLng = Math.sin(toRad(b.lng - a.lng) / 2);
  const h = sinLat * sinLat + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * sinLng * sinLng;
  return 6371 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

describe('GET /stores/{store}/dealers near a point', () => {
  it('lists dealers nearest first with their distance, rounded to 0.1 km', async () => {
    const dealers = await locate(`near=${PEOPLES_SQUARE.lat},${PEOPLES_SQUARE.lng}&limit=100&locale=en`);
    expect(dealers).toHaveLength(36);
    // Worked out beforehand from the seed's coordinates.
    expect(dealers.slice(0, 9).map((d) => d.code)).toEqual(['sh-02', 'sh-01', 'sh-04', 'sh-03', 'suz-01', 'hz-01', 'hz-02', 'nj-01', 'nj-02']);
    expect(dealers.slice(0, 5).map((d) => d.distanceKm)).toEqual([1.9, 2.2, 2.5, 3.1, 83.2]);
    const expected = dealers
      .map((d) => ({ code: d.code, km: greatCircleKm(PEOPLES_SQUARE, d.location) }))
      .sort((a, b) => a.km - b.km);
    expect(dealers.map((d) => d.code)).toEqual(expected.map((e) => e.code));
    for (const [i, d] of dealers.entries()) expect(Math.abs(d.distanceKm! - expected[i]!.km)).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it('caps the answer at 20 by default and at the limit asked', async () => {
    expect(await locate(`near=31.2304,121.4737`)).toHaveLength(20);
    expect((await locate(`near=31.2304,121.4737&limit=3`)).map((d) => d.code)).toEqual(['sh-02', 'sh-01', 'sh-04']);
    expect((await get('/api/v1/stores/renault/dealers?limit=101')).statusCode).toBe(400);
    expect((await get('/api/v1/stores/renault/dealers?limit=0')).statusCode).toBe(400);
  });

  it('filters by city and by service', async () => {
    const shanghai = await locate('near=31.2304,121.4737&city=shanghai');
    expect(shanghai.map((d) => d.code)).toEqual(['sh-02', 'sh-01', 'sh-04', 'sh-03']);
    const servicing = await locate('near=31.2304,121.4737&city=shanghai&service=service');
    expect(servicing.map((d) => d.code)).toEqual(['sh-02', 'sh-01', 'sh-03']);
    const all = await locate('service=service&limit=100');
    expect(all).toHaveLength(33);
    expect(all.every((d) => d.services.includes('service'))).toBe(true);
    expect(await locate('city=atlantis')).toEqual([]);
  });

  it('orders by city then name, without distance, when no point is given', async () => {
    const dealers = await locate('city=wuhan&locale=en');
    expect(dealers.map((d) => [d.code, d.name])).toEqual([
      ['wh-04', 'Dongfeng Renault Wuhan Guanggu'],
      ['wh-02', 'Dongfeng Renault Wuhan Hankou'],
      ['wh-01', 'Dongfeng Renault Wuhan Jingkai'],
      ['wh-03', 'Dongfeng Renault Wuhan Wuchang'],
    ]);
    expect(dealers.every((d) => d.distanceKm === undefined)).toBe(true);
    const first = (await locate('limit=5&locale=en')).map((d) => d.city.name);
    expect(first).toEqual(['Beijing', 'Beijing', 'Beijing', 'Beijing', 'Changsha']);
  });

  it.each([
    ['91,0'],
    ['-90.5,10'],
    ['0,180.01'],
    ['0,-181'],
    ['abc'],
    ['31.2'],
    ['1e1,2'],
    ['0x1F,2'],
    ['31.2,121.4,5'],
    ['NaN,NaN'],
    ['Infinity,0'],
    [''],
  ])('refuses impossible or malformed coordinates %j with 400', async (near) => {
    const res = await get(`/api/v1/stores/renault/dealers?near=${encodeURIComponent(near)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('accepts the edges of the globe', async () => {
    expect((await locate('near=90,180&limit=1'))).toHaveLength(1);
    expect((await locate('near=-90,-180&limit=1'))).toHaveLength(1);
  });
});

describe('GET /stores/{store}/dealers/{dealer}', () => {
  it('shows one dealer, localized, with its opening hours in Asia/Shanghai', async () => {
    const res = await get('/api/v1/stores/renault/dealers/sh-01?locale=fr');
    expect(res.statusCode).toBe(200);
    const dealer = res.json() as Card;
    expect(dealer.name).toBe('Dongfeng Renault Shanghai Pudong');
    expect(dealer.city).toEqual({ code: 'shanghai', name: 'Shanghai' });
    expect(dealer.openingHours?.timeZone).toBe('Asia/Shanghai');
    expect(dealer.openingHours?.days.map((d) => d.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(dealer.openingHours?.days[0]).toEqual({ day: 'mon', open: '08:30', close: '18:00' });
    const zh = (await get('/api/v1/stores/renault/dealers/sh-01?locale=zh-CN')).json() as Card;
    expect(zh.name).toBe('上海东风雷诺浦东店');
  });

  it('does not show another store’s dealer, nor an unknown one', async () => {
    for (const url of ['/api/v1/stores/renault/dealers/alp-sh-01', '/api/v1/stores/alpine/dealers/sh-01', '/api/v1/stores/renault/dealers/zz-99']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('DEALER_NOT_FOUND');
    }
    expect((await get('/api/v1/stores/alpine/dealers/alp-sh-01')).statusCode).toBe(200);
  });

  it('does not show a switched-off dealer', async () => {
    await ctx.connection.db.updateTable('dealer').set({ status: 'inactive' }).where('code', '=', 'sh-04').execute();
    try {
      expect((await get('/api/v1/stores/renault/dealers/sh-04')).statusCode).toBe(404);
      expect((await locate('city=shanghai')).map((d) => d.code).sort()).toEqual(['sh-01', 'sh-02', 'sh-03']);
    } finally {
      await ctx.connection.db.updateTable('dealer').set({ status: 'active' }).where('code', '=', 'sh-04').execute();
    }
  });
});

describe('GET /stores/{store}/cities', () => {
  it('lists the cities the store serves with their dealer counts, localized', async () => {
    const res = await get('/api/v1/stores/renault/cities?locale=en');
    expect(res.statusCode).toBe(200);
    const cities = (res.json() as { cities: Array<{ code: string; name: string; dealers: number; centre: { lat: number; lng: number } }> }).cities;
    expect(cities.map((c) => [c.code, c.name, c.dealers])).toEqual([
      ['beijing', 'Beijing', 4],
      ['changsha', 'Changsha', 2],
      ['chengdu', 'Chengdu', 2],
      ['chongqing', 'Chongqing', 2],
      ['guangzhou', 'Guangzhou', 3],
      ['hangzhou', 'Hangzhou', 2],
      ['nanjing', 'Nanjing', 2],
      ['qingdao', 'Qingdao', 1],
      ['shanghai', 'Shanghai', 4],
      ['shenyang', 'Shenyang', 2],
      ['shenzhen', 'Shenzhen', 2],
      ['suzhou', 'Suzhou', 1],
      ['tianjin', 'Tianjin', 2],
      ['wuhan', 'Wuhan', 4],
      ['xian', "Xi'an", 2],
      ['zhengzhou', 'Zhengzhou', 1],
    ]);
    // The centre is the mean of the city's dealers' positions, worked out here from the locator's own answer.
    const shanghai = await locate('city=shanghai');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const centre = cities.find((c) => c.code === 'shanghai')!.centre;
    expect(shanghai).toHaveLength(4);
    expect(centre.lat).toBeCloseTo(mean(shanghai.map((d) => d.location.lat)), 5);
    expect(centre.lng).toBeCloseTo(mean(shanghai.map((d) => d.location.lng)), 5);
    const alpine = (await get('/api/v1/stores/alpine/cities?locale=zh-CN')).json();
    expect(alpine.cities.map((c: { code: string; name: string; dealers: number }) => [c.code, c.name, c.dealers])).toEqual([
      ['beijing', '北京', 1],
      ['shanghai', '上海', 1],
    ]);
  });
});

describe('a switched-off or unknown store', () => {
  it('answers 404 on every locator endpoint', async () => {
    await ctx.connection.db.updateTable('store').set({ status: 'inactive' }).where('slug', '=', 'alpine').execute();
    try {
      for (const url of ['/api/v1/stores/alpine/dealers', '/api/v1/stores/alpine/dealers/alp-sh-01', '/api/v1/stores/alpine/cities']) {
        const res = await get(url);
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await ctx.connection.db.updateTable('store').set({ status: 'active' }).where('slug', '=', 'alpine').execute();
    }
    expect((await get('/api/v1/stores/nowhere/dealers')).json().code).toBe('CATALOG_STORE_NOT_FOUND');
  });
});

describe('PATCH /dealer/stores/{store}/dealers/{dealer} opening hours', () => {
  const WEEK = {
    mon: { open: '09:00', close: '18:30' },
    tue: { open: '09:00', close: '18:30' },
    wed: null,
    thu: { open: '09:00', close: '18:30' },
    fri: { open: '09:00', close: '20:00' },
    sat: { open: '10:00', close: '17:00' },
    sun: null,
  };
  const url = '/api/v1/dealer/stores/renault/dealers/sh-02';

  it('lets the brand set them, and the locator shows them; another dealer’s staff cannot', async () => {
    const staff = await signIn(ctx.app, DEMO.staffShanghai);
    // sh-01 staff act for sh-01 only; the brand admin may change any of its dealers.
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const res = await ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { openingHours: WEEK } });
    expect(res.statusCode).toBe(200);
    expect(res.json().openingHours.days[2]).toEqual({ day: 'wed', open: null, close: null });
    const shown = (await get('/api/v1/stores/renault/dealers/sh-02')).json() as Card;
    expect(shown.openingHours?.days).toEqual([
      { day: 'mon', open: '09:00', close: '18:30' },
      { day: 'tue', open: '09:00', close: '18:30' },
      { day: 'wed', open: null, close: null },
      { day: 'thu', open: '09:00', close: '18:30' },
      { day: 'fri', open: '09:00', close: '20:00' },
      { day: 'sat', open: '10:00', close: '17:00' },
      { day: 'sun', open: null, close: null },
    ]);
    // Another dealer's staff are told nothing of sh-02, as for any other tenant.
    const refused = await ctx.app.inject({ method: 'PATCH', url, headers: staff.headers, payload: { openingHours: { ...WEEK, sun: WEEK.mon } } });
    expect(refused.statusCode).toBe(404);
    expect(((await get('/api/v1/stores/renault/dealers/sh-02')).json() as Card).openingHours?.days[6]).toEqual({ day: 'sun', open: null, close: null });
    const own = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/dealer/stores/renault/dealers/sh-01',
      headers: staff.headers,
      payload: { openingHours: { ...WEEK, wed: WEEK.mon } },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().openingHours.days[2]).toEqual({ day: 'wed', open: '09:00', close: '18:30' });
  });

  it('refuses a day that closes before it opens, an impossible time and a missing day', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const before = await ctx.connection.db.selectFrom('dealer').select('opening_hours').where('code', '=', 'sh-02').executeTakeFirstOrThrow();
    const backwards = await ctx.app.inject({
      method: 'PATCH',
      url,
      headers: admin.headers,
      payload: { openingHours: { ...WEEK, mon: { open: '18:00', close: '09:00' } } },
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().code).toBe('DEALER_INVALID_HOURS');
    const late = await ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { openingHours: { ...WEEK, mon: { open: '09:00', close: '24:00' } } } });
    expect(late.statusCode).toBe(400);
    const { sun: _sun, ...sixDays } = WEEK;
    expect((await ctx.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { openingHours: sixDays } })).statusCode).toBe(400);
    const after = await ctx.connection.db.selectFrom('dealer').select('opening_hours').where('code', '=', 'sh-02').executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('the locator’s cached directory', () => {
  it('answers 304 to a client holding the current version, and a new ETag once a dealer changes', async () => {
    const url = '/api/v1/stores/renault/dealers?near=31.2304,121.4737&limit=5&locale=en';
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toMatch(/public/);
    const again = await ctx.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another query or language is another answer.
    expect((await get(url.replace('limit=5', 'limit=6'))).headers.etag).not.toBe(etag);
    expect((await get(url.replace('locale=en', 'locale=fr'))).headers.etag).not.toBe(etag);
    const one = await get('/api/v1/stores/renault/dealers/sh-02?locale=en');
    const cities = await get('/api/v1/stores/renault/cities?locale=en');
    for (const [path, res] of [['/api/v1/stores/renault/dealers/sh-02?locale=en', one], ['/api/v1/stores/renault/cities?locale=en', cities]] as const) {
      expect((await ctx.app.inject({ url: path, headers: { 'if-none-match': res.headers.etag as string } })).statusCode).toBe(304);
    }
    await ctx.connection.db.updateTable('dealer').set({ phone: '021-66660000' }).where('code', '=', 'sh-02').execute();
    expect((await ctx.app.inject({ url: '/api/v1/stores/renault/dealers/sh-02?locale=en', headers: { 'if-none-match': one.headers.etag as string } })).statusCode).toBe(200);
    const changed = await ctx.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect((changed.json() as { dealers: Array<{ code: string; phone: string }> }).dealers.find((d) => d.code === 'sh-02')?.phone).toBe('021-66660000');
  });

  it('shows a change made through another instance at once: the directory version lives in the database', async () => {
    const other = await buildApp({ db: ctx.connection.db, dialect: ctx.connection.dialect, clock: ctx.clock, sender: consoleSender({ info: () => {} }) });
    await other.ready();
    try {
      const url = '/api/v1/stores/renault/dealers?city=shanghai&locale=en';
      const codes = async () => ((await get(url)).json() as { dealers: Card[] }).dealers.map((d) => d.code).sort();
      expect(await codes()).toEqual(['sh-01', 'sh-02', 'sh-03', 'sh-04']);
      // The other instance changes a dealer's services through the API; this one's cache must not hide it.
      const admin = await signIn(ctx.app, DEMO.renaultAdmin);
      const patched = await other.inject({
        method: 'PATCH',
        url: '/api/v1/dealer/stores/renault/dealers/sh-03',
        headers: admin.headers,
        payload: { services: ['sales'] },
      });
      expect(patched.statusCode).toBe(200);
      const servicing = ((await get(`${url}&service=service`)).json() as { dealers: Card[] }).dealers.map((d) => d.code).sort();
      expect(servicing).toEqual(['sh-01', 'sh-02']);
      // A dealer added behind every instance's back (a script, a migration) shows too.
      const row = await ctx.connection.db.selectFrom('dealer').selectAll().where('code', '=', 'sh-04').executeTakeFirstOrThrow();
      await ctx.connection.db.insertInto('dealer').values({ ...row, id: `${row.id}x`, code: 'sh-05' }).execute();
      try {
        expect(await codes()).toEqual(['sh-01', 'sh-02', 'sh-03', 'sh-04', 'sh-05']);
      } finally {
        await ctx.connection.db.deleteFrom('dealer').where('code', '=', 'sh-05').execute();
      }
      expect(await codes()).toEqual(['sh-01', 'sh-02', 'sh-03', 'sh-04']);
    } finally {
      await ctx.connection.db
        .updateTable('dealer')
        .set({ services: JSON.stringify(['sales', 'test_drive', 'delivery', 'service']) })
        .where('code', '=', 'sh-03')
        .execute();
      await other.close();
    }
  });
});

describe('dealer changes at once', () => {
  it('bumps the directory version once per change, loses none, and the locator shows them all', async () => {
    const admin = await signIn(ctx.app, DEMO.renaultAdmin);
    const storeId = (await ctx.connection.db.selectFrom('store').select('id').where('slug', '=', 'renault').executeTakeFirstOrThrow()).id;
    const version = async () =>
      Number((await ctx.connection.db.selectFrom('dealer_directory').select('version').where('store_id', '=', storeId).executeTakeFirstOrThrow()).version);
    const before = await version();
    const dealers = ['sh-01', 'sh-02', 'sh-03', 'sh-04', 'bj-01'];
    // Five requests in flight together: on PostgreSQL each holds its own connection, and all of them bump one row.
    const answers = await Promise.all(
      dealers.map((code, i) =>
        ctx.app.inject({ method: 'PATCH', url: `/api/v1/dealer/stores/renault/dealers/${code}`, headers: admin.headers, payload: { phone: `021-5000000${i}` } }),
      ),
    );
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await version()).toBe(before + 5);
    const shown = ((await get('/api/v1/stores/renault/dealers?limit=100')).json() as { dealers: Array<{ code: string; phone: string }> }).dealers;
    expect(dealers.map((code) => shown.find((d) => d.code === code)?.phone)).toEqual(dealers.map((_, i) => `021-5000000${i}`));
  });
});
