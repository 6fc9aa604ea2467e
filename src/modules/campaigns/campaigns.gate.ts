import { loadIoredis } from '../../shared/optional-modules.js';

/**
 * The admission gate in front of a flash sale's database transaction: one token per unit left.
 * A request that takes no token is told the sale is sold out without touching the database.
 *
 * The gate only ever turns requests away early: the campaign row's conditional update is the
 * final word on every unit. A gate that lets too many through (a token given back twice, a
 * resync that raced a claim) costs a few refused transactions, never an oversold car; one that
 * lets too few through (a process that died holding a token) is healed by the next resync from
 * the database, at most a second later.
 */
export interface AdmissionGate {
  /** True when every process sees the same tokens and winners (Redis); false for one process's own. */
  readonly sharedAcrossProcesses: boolean;
  /** Takes one token; false when none is left. An unknown campaign admits: the database decides. */
  take(campaignId: string): Promise<boolean>;
  /** Returns a token: the claim that took it failed, or a held unit went back on sale. */
  giveBack(campaignId: string): Promise<void>;
  /** Sets the tokens to what the database says remains. */
  resync(campaignId: string, remaining: number): Promise<void>;
  /** Remembers a buyer whose claim committed, so that their retry still reaches its stored answer. */
  recordWinner(campaignId: string, buyerId: string): Promise<void>;
  isWinner(campaignId: string, buyerId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One process (SQLite, or PostgreSQL without Redis): the tokens in a Map. */
export function memoryGate(): AdmissionGate {
  const tokens = new Map<string, number>();
  const winners = new Set<string>();
  return {
    sharedAcrossProcesses: false,
    async recordWinner(id, buyerId) {
      winners.add(`${id}:${buyerId}`);
    },
    async isWinner(id, buyerId) {
      return winners.has(`${id}:${buyerId}`);
    },
    async take(id) {
      const left = tokens.get(id);
      if (left === undefined) return true;
      if (left <= 0) return false;
      tokens.set(id, left - 1);
      return true;
    },
    async giveBack(id) {
      const left = tokens.get(id);
      if (left !== undefined) tokens.set(id, left + 1);
    },
    async resync(id, remaining) {
      tokens.set(id, Math.max(0, remaining));
    },
    async close() {
      tokens.clear();
      winners.clear();
    },
  };
}

// Decrements only while positive, in one atomic step: -1 when the campaign has no counter yet.
const TAKE_SCRIPT = `
local left = redis.call('GET', KEYS[1])
if not left then return -1 end
if tonumber(left) <= 0 then return 0 end
redis.call('DECR', KEYS[1])
return 1
`;
const GIVE_BACK_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
return -1
`;
/** A counter nobody resyncs any more (the sale is long over) goes away by itself. */
const TOKENS_TTL_SECONDS = 24 * 3600;

/** Several processes: the tokens in Redis (REDIS_URL), shared by every instance. */
export function redisGate(url: string, prefix = 'vitrine:campaign-tokens:'): AdmissionGate {
  const redis = new (loadIoredis().Redis)(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    sharedAcrossProcesses: true,
    async take(id) {
      return Number(await redis.eval(TAKE_SCRIPT, 1, prefix + id)) !== 0;
    },
    async giveBack(id) {
      await redis.eval(GIVE_BACK_SCRIPT, 1, prefix + id);
    },
    async resync(id, remaining) {
      await redis.set(prefix + id, String(Math.max(0, remaining)), 'EX', TOKENS_TTL_SECONDS);
    },
    async recordWinner(id, buyerId) {
      await redis.multi().sadd(`${prefix}${id}:winners`, buyerId).expire(`${prefix}${id}:winners`, TOKENS_TTL_SECONDS).exec();
    },
    async isWinner(id, buyerId) {
      return (await redis.sismember(`${prefix}${id}:winners`, buyerId)) === 1;
    },
    async close() {
      await redis.quit();
    },
  };
}

/**
 * Runs work one at a time per key in this process. A buyer's burst of claims for one campaign
 * takes one token at a time rather than all it can, and so cannot starve the gate for others
 * while its extra claims wait to be refused by the limit.
 */
export interface KeyedQueue {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function keyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const mine = previous.then(work, work);
      const tail = mine.catch(() => undefined);
      tails.set(key, tail);
      try {
        return await mine;
      } finally {
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
