import { isIP } from 'node:net';
import path from 'node:path';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  logLevel: string;
  /** Where the built web app lives; absent in API-only test runs. */
  webDir: string | undefined;
  /**
   * Which proxies may say who the client is in X-Forwarded-For: a hop count or their
   * addresses. Never everyone, or any caller could pick its own IP.
   */
  trustProxy: TrustProxy;
  /** Bearer token for /metrics on the public port; unset, /metrics is not served there. */
  metricsToken: string | undefined;
  /** A separate listener for Prometheus, without a token; loopback unless METRICS_HOST says otherwise. */
  metricsListener: { host: string; port: number } | undefined;
  /**
   * A single-brand deployment: the store `/` opens instead of the hall across brands. Checked
   * at start against the database: it must name an active store.
   */
  defaultStore: string | null;
  /** Run the job runner inside `vitrine start` (JOBS_IN_PROCESS, on by default); off when `vitrine worker`s do it. */
  jobsInProcess: boolean;
  /** When to refuse new requests with 503 rather than queue them. */
  loadShedding: { maxEventLoopDelayMs: number; maxEventLoopUtilization: number; retryAfterSeconds: number };
  /** Real email and SMS gateways; each channel without one goes to the log. */
  messaging: MessagingConfig;
}

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 */
  url: string;
  from: string;
}

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Our template names (and `auth.code` for sign-in codes) to the TemplateCodes registered with Aliyun. */
  templates: Record<string, string>;
  endpoint: string;
}

export interface MessagingConfig {
  smtp?: SmtpConfig | undefined;
  aliyunSms?: AliyunSmsConfig | undefined;
}

/** Off, the number of proxy hops in front of the app, or the proxies' addresses and CIDRs. */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Reads the environment once, failing fast with a message a person can act on. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = parsePort(env.PORT ?? '3000');
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? 'data');
  return {
    host: env.HOST ?? '0.0.0.0',
    port,
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: path.resolve(cwd, env.WEB_DIR ?? 'dist/web'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    metricsToken: parseMetricsToken(env.METRICS_TOKEN),
    metricsListener:
      env.METRICS_PORT === undefined || env.METRICS_PORT === ''
        ? undefined
        : { host: env.METRICS_HOST ?? '127.0.0.1', port: parsePort(env.METRICS_PORT, 'METRICS_PORT') },
    defaultStore: parseDefaultStore(env.DEFAULT_STORE),
    jobsInProcess: parseSwitch(env, 'JOBS_IN_PROCESS', true),
    loadShedding: {
      // Delay is what a queued request waits; a loop busy 100% of the time may still answer
      // promptly, so utilization is off unless asked for.
      maxEventLoopDelayMs: parseNumber(env, 'SHED_EVENT_LOOP_DELAY_MS', 500, { min: 0, max: 60_000 }),
      maxEventLoopUtilization: parseNumber(env, 'SHED_EVENT_LOOP_UTILIZATION', 0, { min: 0, max: 1 }),
      retryAfterSeconds: parseNumber(env, 'SHED_RETRY_AFTER_SECONDS', 10, { min: 1, max: 3600, integer: true }),
    },
    messaging: { smtp: parseSmtp(env), aliyunSms: parseAliyunSms(env) },
  };
}

function parseSmtp(env: Env): SmtpConfig | undefined {
  const url = env.SMTP_URL ?? '';
  if (url === '') return undefined;
  if (!/^smtps?:\/\/[^/?#]+/.test(url)) throw new ConfigError('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  const from = env.SMTP_FROM?.trim() || 'Vitrine <no-reply@localhost>';
  return { url, from };
}

const ALIYUN_SMS_KEYS = ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATES'] as const;

/** All four keys, or none: half a gateway would lose codes silently. */
function parseAliyunSms(env: Env): AliyunSmsConfig | undefined {
  const missing = ALIYUN_SMS_KEYS.filter((key) => !env[key]?.trim());
  if (missing.length === ALIYUN_SMS_KEYS.length) return undefined;
  if (missing.length > 0) throw new ConfigError(`Aliyun SMS needs ${ALIYUN_SMS_KEYS.join(', ')}; missing ${missing.join(', ')}`);
  const templates = parseTemplateCodes(env.ALIYUN_SMS_TEMPLATES!);
  const endpoint = env.ALIYUN_SMS_ENDPOINT?.trim() || 'https://dysmsapi.aliyuncs.com/';
  if (!/^https?:\/\//.test(endpoint)) throw new ConfigError('ALIYUN_SMS_ENDPOINT must be an http(s) URL');
  return {
    accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID!.trim(),
    accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET!.trim(),
    signName: env.ALIYUN_SMS_SIGN_NAME!.trim(),
    templates,
    endpoint,
  };
}

function parseTemplateCodes(raw: string): Record<string, string> {
  const problem = new ConfigError(
    'ALIYUN_SMS_TEMPLATES must be a JSON object of template names to Aliyun TemplateCodes, e.g. {"auth.code":"SMS_1000001","testDrive.confirmed":"SMS_1000002"}',
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw problem;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || !entries.every(([, code]) => typeof code === 'string' && /^SMS_\w+$/.test(code))) throw problem;
  return Object.fromEntries(entries) as Record<string, string>;
}

function parseSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parsePort(raw: string, name = 'PORT'): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(`${name} must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseNumber(env: Env, name: string, fallback: number, range: { min: number; max: number; integer?: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${range.integer ? 'an integer' : 'a number'} between ${range.min} and ${range.max}, got "${raw}"`);
  }
  return value;
}

function parseDefaultStore(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) {
    throw new ConfigError(`DEFAULT_STORE must be a store's slug (lower-case letters, digits and hyphens, e.g. renault), got "${value}"`);
  }
  return value;
}

function parseMetricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  // A short token could be guessed by a scraper of the public port.
  if (raw.length < 24) throw new ConfigError('METRICS_TOKEN must be at least 24 characters (e.g. `openssl rand -hex 24`)');
  return raw;
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  if (raw === undefined || raw === '') {
    return { dialect: 'sqlite', file: path.join(dataDir, 'vitrine.sqlite') };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) return { dialect: 'postgres', url: raw };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  throw new ConfigError('DATABASE_URL must start with postgres:// or sqlite:');
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  return raw;
}

/** "2" (hops) or "10.0.0.1, 10.0.1.0/24" (proxies); "true" is refused because it trusts any client. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 16) throw new ConfigError(`TRUST_PROXY must count at most 16 proxy hops, got ${hops}`);
    return hops;
  }
  if (value === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would let any client forge its IP with X-Forwarded-For. Give the number of proxies in front of the app (e.g. 1) or their addresses (e.g. 10.0.0.2,10.0.1.0/24).',
    );
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrCidr(entry)) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or a comma-separated list of IP addresses or CIDRs; "${entry}" is neither`);
    }
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  // Anything wider than /8 (or /16 for IPv6) is as good as trusting everyone.
  return family === 4 ? bits >= 8 && bits <= 32 : bits >= 16 && bits <= 128;
}
