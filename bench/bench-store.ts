/**
 * A store made for load: 5,000 dealers (a national network the size of the largest brands'
 * in China) spread around real Chinese cities, placed deterministically, so the locator's
 * scenarios measure a directory a hundred times the demo's. Idempotent: an existing bench
 * store is left as it is.
 */
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import { inWriteTransaction } from '../src/db/tx.js';
import { seededRandom } from '../src/seed/seeded-random.js';

export const BENCH_STORE = 'bench-dealers';
export const BENCH_DEALERS = 5_000;

// Centres of the cities the dealers gather around: (lat, lng, weight), larger cities more dealers.
const CITIES: Array<[string, string, number, number, number]> = [
  ['shanghai', '上海', 31.2304, 121.4737, 8],
  ['beijing', '北京', 39.9042, 116.4074, 8],
  ['guangzhou', '广州', 23.1291, 113.2644, 6],
  ['shenzhen', '深圳', 22.5431, 114.0579, 6],
  ['chengdu', '成都', 30.5728, 104.0668, 5],
  ['chongqing', '重庆', 29.563, 106.5516, 5],
  ['wuhan', '武汉', 30.5928, 114.3055, 5],
  ['hangzhou', '杭州', 30.2741, 120.1551, 4],
  ['nanjing', '南京', 32.0603, 118.7969, 4],
  ['tianjin', '天津', 39.3434, 117.3616, 4],
  ['xian', '西安', 34.3416, 108.9398, 4],
  ['suzhou', '苏州', 31.2989, 120.5853, 3],
  ['zhengzhou', '郑州', 34.7466, 113.6254, 3],
  ['changsha', '长沙', 28.2282, 112.9388, 3],
  ['shenyang', '沈阳', 41.8057, 123.4315, 3],
  ['qingdao', '青岛', 36.0671, 120.3826, 3],
  ['kunming', '昆明', 25.0389, 102.7183, 2],
  ['harbin', '哈尔滨', 45.8038, 126.535, 2],
  ['urumqi', '乌鲁木齐', 43.8256, 87.6168, 1],
  ['lhasa', '拉萨', 29.652, 91.1721, 1],
];

const HOURS = JSON.stringify({
  mon: ['08:30', '18:00'],
  tue: ['08:30', '18:00'],
  wed: ['08:30', '18:00'],
  thu: ['08:30', '18:00'],
  fri: ['08:30', '18:00'],
  sat: ['09:00', '18:00'],
  sun: null,
});
const SERVICE_SETS = [
  ['sales', 'test_drive', 'delivery', 'service'],
  ['sales', 'test_drive', 'delivery'],
  ['service'],
  ['sales', 'service'],
];

export async function seedBenchStore(db: Db, now = '2018-04-01T00:00:00.000Z'): Promise<{ created: boolean; dealers: number }> {
  return inWriteTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('store').select('id').where('slug', '=', BENCH_STORE).executeTakeFirst();
    if (existing) return { created: false, dealers: 0 };
    const storeId = `bench-store-0000-0000-000000000001`;
    const text = (s: string) => JSON.stringify({ 'zh-CN': s, fr: s, en: s });
    await tx
      .insertInto('store')
      .values({ id: storeId, slug: BENCH_STORE, brand: 'Bench', name: text('Bench Motors'), tagline: text('5,000 dealers'), currency: 'CNY', timezone: 'Asia/Shanghai', created_at: now })
      .execute();
    const random = seededRandom(2018);
    const totalWeight = CITIES.reduce((n, c) => n + c[4], 0);
    const rows = [];
    for (let i = 0; i < BENCH_DEALERS; i++) {
      let pick = random() * totalWeight;
      const city = CITIES.find((c) => (pick -= c[4]) < 0) ?? CITIES[0]!;
      const [code, zh, lat, lng] = city;
      // Within about 60 km of the centre, denser near it.
      const r = 0.55 * Math.sqrt(random()) * random();
      const angle = random() * 2 * Math.PI;
      const en = code.charAt(0).toUpperCase() + code.slice(1);
      const n = String(i + 1).padStart(4, '0');
      rows.push({
        id: `bench-dealer-${n}`,
        store_id: storeId,
        code: `b-${n}`,
        name: JSON.stringify({ 'zh-CN': `${zh}测试经销商 ${n}`, fr: `Concession ${en} ${n}`, en: `${en} dealer ${n}` }),
        city: JSON.stringify({ 'zh-CN': zh, fr: en, en }),
        province: JSON.stringify({ 'zh-CN': zh, fr: en, en }),
        lat: Math.round((lat + r * Math.sin(angle)) * 1e6) / 1e6,
        lng: Math.round((lng + r * Math.cos(angle)) * 1e6) / 1e6,
        phone: `400-800-${n}`,
        services: JSON.stringify(SERVICE_SETS[i % SERVICE_SETS.length]),
        status: i % 50 === 49 ? 'inactive' : 'active',
        created_at: now,
        city_code: code,
        address: JSON.stringify({ 'zh-CN': `${zh}${n}号`, fr: `${n} avenue, ${en}`, en: `${n} Avenue, ${en}` }),
        opening_hours: HOURS,
      });
    }
    for (let i = 0; i < rows.length; i += 400) await tx.insertInto('dealer').values(rows.slice(i, i + 400)).execute();
    return { created: true, dealers: rows.length };
  }).then(async (result) => {
    // Fresh statistics, so that the planner knows the table's new shape.
    await sql`analyze`.execute(db);
    return result;
  });
}
