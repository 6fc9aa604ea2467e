import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connect.js';
import { up } from '../../src/db/migrations/2026-12-02-0018-buyer-default-names.js';
import { newId } from '../../src/shared/ids.js';
import { createTestDatabase } from '../helpers/app.js';

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(async () => {
  await connection.db.destroy();
});

async function buyer(phone: string, displayName: string, locale: string): Promise<string> {
  const id = newId();
  const now = '2026-12-01T00:00:00.000Z';
  await connection.db
    .insertInto('user_account')
    .values({ id, role: 'buyer', phone, email: null, password_hash: null, display_name: displayName, locale, store_id: null, dealer_id: null, status: 'active', created_at: now, updated_at: now })
    .execute();
  return id;
}

const nameOf = async (id: string) =>
  (await connection.db.selectFrom('user_account').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;

describe('renaming buyers named after their masked number', () => {
  it('gives them "user" and the last four digits in their language, and keeps a name they chose', async () => {
    const chinese = await buyer('+8613912340777', '+86139****0777', 'zh-CN');
    const french = await buyer('+8613912340778', '+86139****0778', 'fr');
    const english = await buyer('+8613912340779', '+86139****0779', 'en');
    const chosen = await buyer('+8613912340780', '王小明', 'zh-CN');
    // Masked like another number: not this account's default, so not touched.
    const odd = await buyer('+8613912340781', '+86139****9999', 'zh-CN');
    await up(connection.db);
    expect(await nameOf(chinese)).toBe('用户0777');
    expect(await nameOf(french)).toBe('Client 0778');
    expect(await nameOf(english)).toBe('Buyer 0779');
    expect(await nameOf(chosen)).toBe('王小明');
    expect(await nameOf(odd)).toBe('+86139****9999');
  });
});
