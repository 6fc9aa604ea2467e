import { createPrivateKey, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import type { ProviderName } from './modules/payments/providers/provider.js';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /** PostgreSQL connections each process keeps (DATABASE_POOL_SIZE); SQLite has its one connection. */
  databasePoolSize: number;
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
  /** Which payment providers buyers may use, and their keys. */
  payments: PaymentsConfig;
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

export interface PaymentsConfig {
  /** Offered to buyers, in this order (PAYMENT_PROVIDERS); each has its settings below. */
  enabled: ProviderName[];
  /** Absolute, without a trailing slash: the base of notify and return URLs. */
  publicBaseUrl: string;
  sandbox: SandboxPayConfig;
  /** Present whenever ALIPAY_* is set, enabled or not. */
  alipay: AlipayConfig | undefined;
  /** Present whenever WECHATPAY_* is set, enabled or not. */
  wechatpay: WechatPayConfig | undefined;
}

export interface SandboxPayConfig {
  /** HMAC key of the hosted pay page's callbacks. */
  secret: string;
}

export interface AlipayConfig {
  appId: string;
  /** Ours: signs requests (RSA2). */
  privateKey: KeyObject;
  /** Alipay's: verifies notifications and answers. */
  alipayPublicKey: KeyObject;
  gateway: string;
}

export interface WechatPayConfig {
  mchId: string;
  appId: string;
  /** 32 bytes: decrypts notification resources (AEAD_AES_256_GCM). */
  apiV3Key: Buffer;
  /** Ours: signs requests. */
  privateKey: KeyObject;
  /** Serial number of the merchant certificate holding our public key. */
  certSerial: string;
  /** WeChat Pay's platform keys by serial (Wechatpay-Serial): verify callbacks and answers. */
  platformKeys: Map<string, KeyObject>;
  baseUrl: string;
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
    databasePoolSize: parseNumber(env, 'DATABASE_POOL_SIZE', 10, { min: 1, max: 200, integer: true }),
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
    payments: parsePayments(env, port),
  };
}

const PROVIDER_NAMES: readonly ProviderName[] = ['sandbox', 'alipay', 'wechatpay'];

// Without SANDBOX_PAY_SECRET, sandbox callbacks signed before a restart no longer verify.
let processSandboxSecret: string | undefined;

function parsePayments(env: Env, port: number): PaymentsConfig {
  const enabled = parseProviderList(env.PAYMENT_PROVIDERS);
  const alipay = parseAlipay(env);
  const wechatpay = parseWechatPay(env);
  if (enabled.includes('alipay') && !alipay) {
    throw new ConfigError(`PAYMENT_PROVIDERS names alipay, which needs ${ALIPAY_KEYS.join(', ')}`);
  }
  if (enabled.includes('wechatpay') && !wechatpay) {
    throw new ConfigError(`PAYMENT_PROVIDERS names wechatpay, which needs ${WECHATPAY_KEYS.join(', ')}`);
  }
  const secret = env.SANDBOX_PAY_SECRET ?? '';
  if (secret !== '' && secret.length < 32) {
    throw new ConfigError('SANDBOX_PAY_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  }
  processSandboxSecret ??= randomBytes(32).toString('hex');
  return {
    enabled,
    publicBaseUrl: parsePublicBaseUrl(env.PUBLIC_BASE_URL, port),
    sandbox: { secret: secret === '' ? processSandboxSecret : secret },
    alipay,
    wechatpay,
  };
}

function parseProviderList(raw: string | undefined): ProviderName[] {
  if (raw === undefined || raw.trim() === '') return ['sandbox'];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PROVIDER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`PAYMENT_PROVIDERS takes a comma-separated list of ${PROVIDER_NAMES.join(', ')}; unknown: "${unknown.join('", "')}"`);
  }
  return [...new Set(names as ProviderName[])];
}

function parsePublicBaseUrl(raw: string | undefined, port: number): string {
  const value = raw?.trim() ?? '';
  if (value === '') return `http://localhost:${port}`;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '' || value.includes('?')) {
    throw new ConfigError(`PUBLIC_BASE_URL must be the absolute http(s) address buyers and providers reach, e.g. https://shop.example.com; got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

const ALIPAY_KEYS = ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const;

/** All three keys, or none: half a provider would take money it cannot confirm. */
function parseAlipay(env: Env): AlipayConfig | undefined {
  const missing = ALIPAY_KEYS.filter((key) => !env[key]?.trim());
  if (missing.length === ALIPAY_KEYS.length) return undefined;
  if (missing.length > 0) throw new ConfigError(`Alipay needs ${ALIPAY_KEYS.join(', ')}; missing ${missing.join(', ')}`);
  const appId = env.ALIPAY_APP_ID!.trim();
  if (!/^\d{8,32}$/.test(appId)) throw new ConfigError(`ALIPAY_APP_ID must be the application's APPID (digits, e.g. 2021000117650139), got "${appId}"`);
  const privateKey = parseRsaPrivateKey(env.ALIPAY_PRIVATE_KEY!, 'ALIPAY_PRIVATE_KEY');
  const alipayPublicKey = parseRsaPublicKey(env.ALIPAY_PUBLIC_KEY!, 'ALIPAY_PUBLIC_KEY');
  if (sameKey(alipayPublicKey, createPublicKey(privateKey))) {
    throw new ConfigError("ALIPAY_PUBLIC_KEY is the application's own public key; it must be Alipay's public key (支付宝公钥) from the open platform console");
  }
  const gateway = env.ALIPAY_GATEWAY?.trim() || 'https://openapi.alipay.com/gateway.do';
  if (!/^https?:\/\/[^/?#]+/.test(gateway)) throw new ConfigError('ALIPAY_GATEWAY must be an http(s) URL, e.g. https://openapi.alipay.com/gateway.do');
  return { appId, privateKey, alipayPublicKey, gateway };
}

const WECHATPAY_KEYS = [
  'WECHATPAY_MCH_ID',
  'WECHATPAY_APP_ID',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_PRIVATE_KEY',
  'WECHATPAY_CERT_SERIAL',
  'WECHATPAY_PLATFORM_CERTS',
] as const;

function parseWechatPay(env: Env): WechatPayConfig | undefined {
  const missing = WECHATPAY_KEYS.filter((key) => !env[key]?.trim());
  if (missing.length === WECHATPAY_KEYS.length) return undefined;
  if (missing.length > 0) throw new ConfigError(`WeChat Pay needs ${WECHATPAY_KEYS.join(', ')}; missing ${missing.join(', ')}`);
  const mchId = env.WECHATPAY_MCH_ID!.trim();
  if (!/^\d{6,32}$/.test(mchId)) throw new ConfigError(`WECHATPAY_MCH_ID must be the merchant number (digits, e.g. 1900000109), got "${mchId}"`);
  const appId = env.WECHATPAY_APP_ID!.trim();
  if (!/^\w{6,32}$/.test(appId)) throw new ConfigError(`WECHATPAY_APP_ID must be the AppID bound to the merchant (e.g. wxd678efh567hg6787), got "${appId}"`);
  // The key is used as typed in the merchant platform: 32 ASCII characters, 32 bytes.
  const apiV3Key = Buffer.from(env.WECHATPAY_APIV3_KEY!, 'utf8');
  if (apiV3Key.length !== 32) {
    throw new ConfigError(`WECHATPAY_APIV3_KEY must be exactly 32 bytes (the APIv3 key set in the merchant platform), got ${apiV3Key.length}`);
  }
  const privateKey = parseRsaPrivateKey(env.WECHATPAY_PRIVATE_KEY!, 'WECHATPAY_PRIVATE_KEY');
  const certSerial = env.WECHATPAY_CERT_SERIAL!.trim();
  if (!/^[0-9A-Fa-f]{8,64}$/.test(certSerial)) {
    throw new ConfigError(`WECHATPAY_CERT_SERIAL must be the merchant certificate's serial number in hex, got "${certSerial}"`);
  }
  const baseUrl = (env.WECHATPAY_BASE_URL?.trim() || 'https://api.mch.weixin.qq.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#]+$/.test(baseUrl)) throw new ConfigError('WECHATPAY_BASE_URL must be an http(s) origin, e.g. https://api.mch.weixin.qq.com');
  return {
    mchId,
    appId,
    apiV3Key,
    privateKey,
    certSerial: certSerial.toUpperCase(),
    platformKeys: parsePlatformCerts(env.WECHATPAY_PLATFORM_CERTS!),
    baseUrl,
  };
}

/** {"<serial>": "<PEM certificate or public key>"}: WeChat Pay platform certificates, or its public key (PUB_KEY_ID_…). */
function parsePlatformCerts(raw: string): Map<string, KeyObject> {
  const problem = (why: string) =>
    new ConfigError(`WECHATPAY_PLATFORM_CERTS must be a JSON object of serial numbers to PEM certificates or public keys: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw problem('it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem('it is not an object');
  const keys = new Map<string, KeyObject>();
  for (const [serial, pem] of Object.entries(parsed)) {
    if (!/^[\w-]{8,64}$/.test(serial)) throw problem(`"${serial}" is not a serial number`);
    if (typeof pem !== 'string') throw problem(`the value of ${serial} is not a string`);
    const text = unescapeNewlines(pem);
    if (text.includes('BEGIN CERTIFICATE')) {
      let certificate: X509Certificate;
      try {
        certificate = new X509Certificate(text);
      } catch {
        throw problem(`the certificate of ${serial} cannot be read`);
      }
      if (certificate.serialNumber.toUpperCase() !== serial.toUpperCase()) {
        throw problem(`the certificate under ${serial} has serial ${certificate.serialNumber}`);
      }
      keys.set(serial.toUpperCase(), certificate.publicKey);
    } else {
      keys.set(/^[0-9a-f]+$/i.test(serial) ? serial.toUpperCase() : serial, parseRsaPublicKey(text, `WECHATPAY_PLATFORM_CERTS (${serial})`));
    }
  }
  if (keys.size === 0) throw problem('it is empty');
  return keys;
}

/** Env files often carry a PEM on one line with literal \n. */
function unescapeNewlines(text: string): string {
  return text.replace(/\\n/g, '\n').trim();
}

/** A PEM (PKCS#8 or PKCS#1), or the bare base64 body as Alipay's key tool shows it. */
function parseRsaPrivateKey(raw: string, name: string): KeyObject {
  const text = unescapeNewlines(raw);
  let key: KeyObject | undefined;
  try {
    if (text.includes('-----BEGIN')) {
      key = createPrivateKey(text);
    } else {
      const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
      try {
        key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      } catch {
        key = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
      }
    }
  } catch {
    key = undefined;
  }
  if (!key) throw new ConfigError(`${name} must be an RSA private key: a PEM (PKCS#8 or PKCS#1) or its base64 body`);
  return requireRsa2048(key, name);
}

/** A PEM public key, or the bare base64 SPKI body as Alipay's console shows it. */
function parseRsaPublicKey(raw: string, name: string): KeyObject {
  const text = unescapeNewlines(raw);
  // A private key would be accepted (its public half derived), hiding a pasted secret.
  if (text.includes('PRIVATE KEY')) throw new ConfigError(`${name} must be a public key, and a private key was given`);
  let key: KeyObject | undefined;
  try {
    key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  } catch {
    key = undefined;
  }
  if (!key) throw new ConfigError(`${name} must be an RSA public key: a PEM or its base64 body`);
  return requireRsa2048(key, name);
}

function requireRsa2048(key: KeyObject, name: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new ConfigError(`${name} must be an RSA key of at least 2048 bits (RSA2)`);
  }
  return key;
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }));
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
