import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import type { TestContext } from './app.js';
import type { Caller } from './auth.js';

/**
 * Buyer accounts with a live session each, written straight into the database: races need
 * dozens of distinct buyers, more than sign-in's per-IP limits let one test address create.
 */
let made = 0;

export async function makeBuyers(ctx: TestContext, count: number, prefix: string): Promise<Array<Caller & { id: string; phone: string }>> {
  return insertBuyers(ctx.connection.db, ctx.clock.now(), count, prefix);
}

/** As makeBuyers, on any connection: for tests whose server runs in another process, on its own clock. */
export async function insertBuyers(db: Db, now: Date, count: number, prefix: string): Promise<Array<Caller & { id: string; phone: string }>> {
  const buyers: Array<Caller & { id: string; phone: string }> = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const phone = `+86137${String((made += 1)).padStart(8, '0')}`;
    await db
      .insertInto('user_account')
      .values({
        id,
        role: 'buyer',
        phone,
        email: `${prefix}-${i}@example.com`,
        password_hash: null,
        display_name: `${prefix} ${i}`,
        locale: 'en',
        store_id: null,
        dealer_id: null,
        status: 'active',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    buyers.push({ id, phone, name: `${prefix}-${i}`, headers: await insertSession(db, now, id) });
  }
  return buyers;
}

/** A live session of an existing account, as signing in (with its second factor, for staff) leaves it: the headers to call as them. */
export async function insertSession(db: Db, now: Date, userId: string): Promise<Record<string, string>> {
  const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  await db
    .insertInto('session')
    .values({
      id: randomUUID(),
      user_id: userId,
      token_hash: createHash('sha256').update(token).digest('hex'),
      csrf_token: csrf,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      idle_expires_at: later(24),
      expires_at: later(24 * 14),
      revoked_at: null,
      ip: '127.0.0.1',
      user_agent: 'test',
    })
    .execute();
  return { cookie: `vitrine_session=${token}`, 'x-csrf-token': csrf };
}
