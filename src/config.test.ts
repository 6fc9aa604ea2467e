import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testPaymentKeys } from '../test/helpers/payment-keys.js';
import { ConfigError, loadConfig, parseTrustProxy } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on port 3000', () => {
    const config = loadConfig({}, '/srv/vitrine');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ dialect: 'sqlite', file: '/srv/vitrine/data/vitrine.sqlite' });
    expect(config.redisUrl).toBeUndefined();
  });

  it('uses PostgreSQL when DATABASE_URL says so', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/vitrine', DATA_DIR: '/var/lib/v' }, '/');
    expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://u@db:5432/vitrine' });
    expect(config.dataDir).toBe('/var/lib/v');
  });

  it('keeps 10 PostgreSQL connections a process unless DATABASE_POOL_SIZE says otherwise', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '40' }).databasePoolSize).toBe(40);
    for (const bad of ['0', '201', '1e2', '0x10', ' ', '2.5']) expect(() => loadConfig({ DATABASE_POOL_SIZE: bad }), bad).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('refuses values it cannot use, saying which', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });
});

describe('JOBS_IN_PROCESS', () => {
  it('runs the job runner in the app unless switched off, and refuses anything but a switch', () => {
    expect(loadConfig({}).jobsInProcess).toBe(true);
    expect(loadConfig({ JOBS_IN_PROCESS: 'false' }).jobsInProcess).toBe(false);
    expect(loadConfig({ JOBS_IN_PROCESS: '0' }).jobsInProcess).toBe(false);
    expect(loadConfig({ JOBS_IN_PROCESS: 'true' }).jobsInProcess).toBe(true);
    expect(() => loadConfig({ JOBS_IN_PROCESS: 'sometimes' })).toThrow('JOBS_IN_PROCESS must be true or false, got "sometimes"');
  });
});

describe('DEFAULT_STORE', () => {
  it('is unset by default: the site opens the hall across brands', () => {
    expect(loadConfig({}).defaultStore).toBeNull();
    expect(loadConfig({ DEFAULT_STORE: '' }).defaultStore).toBeNull();
  });

  it('takes a store slug, and refuses anything else', () => {
    expect(loadConfig({ DEFAULT_STORE: 'alpine' }).defaultStore).toBe('alpine');
    expect(() => loadConfig({ DEFAULT_STORE: 'Alpine' })).toThrow(/DEFAULT_STORE must be a store's slug/);
    expect(() => loadConfig({ DEFAULT_STORE: '../renault' })).toThrow(ConfigError);
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
  });

  it('takes a hop count or the proxies’ addresses and CIDRs', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.2, 10.0.1.0/24,::1')).toEqual(['10.0.0.2', '10.0.1.0/24', '::1']);
    expect(parseTrustProxy('fd00::/64')).toEqual(['fd00::/64']);
  });

  it('refuses to trust every client, and anything it cannot read', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => parseTrustProxy('true')).toThrow(/forge its IP/);
    expect(() => parseTrustProxy('yes')).toThrow(/"yes" is neither/);
    expect(() => parseTrustProxy('0.0.0.0/0')).toThrow(ConfigError);
    expect(() => parseTrustProxy('::/0')).toThrow(ConfigError);
    expect(() => parseTrustProxy('10.0.0.2,loadbalancer')).toThrow(/"loadbalancer"/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(ConfigError);
    expect(() => parseTrustProxy('100')).toThrow(/at most 16/);
  });
});

describe('metrics exposure', () => {
  it('serves no metrics anywhere by default', () => {
    const config = loadConfig({});
    expect(config.metricsToken).toBeUndefined();
    expect(config.metricsListener).toBeUndefined();
  });

  it('puts the metrics listener on loopback unless told otherwise', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsListener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metricsListener).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
  });

  it('takes a metrics token long enough not to be guessed', () => {
    expect(loadConfig({ METRICS_TOKEN: 'f'.repeat(24) }).metricsToken).toBe('ffffffffffffffffffffffff');
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('load shedding', () => {
  it('sheds past 500 ms of event-loop delay, asking for a retry in 10 s', () => {
    expect(loadConfig({}).loadShedding).toEqual({ maxEventLoopDelayMs: 500, maxEventLoopUtilization: 0, retryAfterSeconds: 10 });
  });

  it('takes other thresholds, 0 turning a check off, and refuses nonsense', () => {
    const config = loadConfig({ SHED_EVENT_LOOP_DELAY_MS: '0', SHED_EVENT_LOOP_UTILIZATION: '0.98', SHED_RETRY_AFTER_SECONDS: '3' });
    expect(config.loadShedding).toEqual({ maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0.98, retryAfterSeconds: 3 });
    expect(() => loadConfig({ SHED_EVENT_LOOP_UTILIZATION: '1.5' })).toThrow(/SHED_EVENT_LOOP_UTILIZATION/);
    expect(() => loadConfig({ SHED_EVENT_LOOP_DELAY_MS: '-1' })).toThrow(/SHED_EVENT_LOOP_DELAY_MS/);
    expect(() => loadConfig({ SHED_RETRY_AFTER_SECONDS: '2.5' })).toThrow(/SHED_RETRY_AFTER_SECONDS/);
  });
});

describe('messaging gateways', () => {
  const aliyun = {
    ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test',
    ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
    ALIYUN_SMS_SIGN_NAME: '雷诺',
    ALIYUN_SMS_TEMPLATES: '{"auth.code":"SMS_100","testDrive.confirmed":"SMS_101"}',
  };

  it('logs every channel without settings, and takes SMTP and Aliyun SMS when given', () => {
    expect(loadConfig({}).messaging).toEqual({ smtp: undefined, aliyunSms: undefined });
    const config = loadConfig({ SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465', ...aliyun });
    expect(config.messaging).toEqual({
      smtp: { url: 'smtps://mailer:pw@smtp.example.com:465', from: 'Vitrine <no-reply@localhost>' },
      aliyunSms: {
        accessKeyId: 'LTAI-test',
        accessKeySecret: 'secret',
        signName: '雷诺',
        templates: { 'auth.code': 'SMS_100', 'testDrive.confirmed': 'SMS_101' },
        endpoint: 'https://dysmsapi.aliyuncs.com/',
      },
    });
    expect(loadConfig({ SMTP_URL: 'smtp://h:25', SMTP_FROM: 'Renault <shop@renault.example.com>' }).messaging.smtp?.from).toBe(
      'Renault <shop@renault.example.com>',
    );
  });

  it('refuses half a gateway or a malformed one, saying which', () => {
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com:25' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...aliyun, ALIYUN_SMS_SIGN_NAME: '' })).toThrow(/missing ALIYUN_SMS_SIGN_NAME/);
    expect(() => loadConfig({ ...aliyun, ALIYUN_SMS_TEMPLATES: '["SMS_1"]' })).toThrow(/ALIYUN_SMS_TEMPLATES/);
    expect(() => loadConfig({ ...aliyun, ALIYUN_SMS_TEMPLATES: '{"auth.code":42}' })).toThrow(/ALIYUN_SMS_TEMPLATES/);
    expect(() => loadConfig({ ...aliyun, ALIYUN_SMS_ENDPOINT: 'ftp://x' })).toThrow(/ALIYUN_SMS_ENDPOINT/);
  });
});

describe('payments', () => {
  const keys = testPaymentKeys();
  const base64Body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const alipay = {
    ALIPAY_APP_ID: '2021000117650139',
    ALIPAY_PRIVATE_KEY: keys.alipay.app.privatePem,
    ALIPAY_PUBLIC_KEY: keys.alipay.alipay.publicPem,
  };
  const wechatpay = {
    WECHATPAY_MCH_ID: '1900000109',
    WECHATPAY_APP_ID: 'wxd678efh567hg6787',
    WECHATPAY_APIV3_KEY: 'APIv3-test-key-0123456789abcdefg',
    WECHATPAY_PRIVATE_KEY: keys.wechatpay.merchant.privatePem,
    WECHATPAY_CERT_SERIAL: '3775B6A45ACD588826D15E583A95F5DD7C2F8A3A',
    WECHATPAY_PLATFORM_CERTS: JSON.stringify({ '5157F09EFDC096DE15EBE81A47057A7232F1B8E1': keys.wechatpay.platform.publicPem }),
  };

  it('offers the sandbox alone by default, its callbacks signed with a secret kept for the process', () => {
    const config = loadConfig({});
    expect(config.payments.enabled).toEqual(['sandbox']);
    expect(config.payments.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.payments.alipay).toBeUndefined();
    expect(config.payments.wechatpay).toBeUndefined();
    expect(config.payments.sandbox.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).payments.sandbox.secret).toBe(config.payments.sandbox.secret);
    expect(loadConfig({ PORT: '8080' }).payments.publicBaseUrl).toBe('http://localhost:8080');
  });

  it('takes the public base URL and the sandbox secret, refusing what cannot work', () => {
    const config = loadConfig({ PUBLIC_BASE_URL: 'https://shop.example.com/', SANDBOX_PAY_SECRET: 's'.repeat(32) });
    expect(config.payments.publicBaseUrl).toBe('https://shop.example.com');
    expect(config.payments.sandbox.secret).toBe('ssssssssssssssssssssssssssssssss');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'shop.example.com' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://shop.example.com' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://shop.example.com/?a=1' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ SANDBOX_PAY_SECRET: 'short' })).toThrow('SANDBOX_PAY_SECRET must be at least 32 characters');
  });

  it('takes a list of known providers only', () => {
    expect(loadConfig({ PAYMENT_PROVIDERS: ' alipay , sandbox,alipay', ...alipay }).payments.enabled).toEqual(['alipay', 'sandbox']);
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'sandbox,paypal' })).toThrow(/unknown: "paypal"/);
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'sandbox,' })).toThrow(/unknown: ""/);
  });

  it('takes Alipay whole, with keys as PEM or as the bare base64 the console shows', () => {
    const config = loadConfig({ PAYMENT_PROVIDERS: 'alipay', ...alipay });
    expect(config.payments.alipay?.appId).toBe('2021000117650139');
    expect(config.payments.alipay?.gateway).toBe('https://openapi.alipay.com/gateway.do');
    expect(config.payments.alipay?.alipayPublicKey.export({ format: 'pem', type: 'spki' })).toBe(keys.alipay.alipay.publicPem);
    const pkcs1 = keys.alipay.app.privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
    for (const privateKey of [base64Body(keys.alipay.app.privatePem), pkcs1, base64Body(pkcs1), keys.alipay.app.privatePem.replace(/\n/g, '\\n')]) {
      const bare = loadConfig({ ...alipay, ALIPAY_PRIVATE_KEY: privateKey, ALIPAY_PUBLIC_KEY: base64Body(keys.alipay.alipay.publicPem) });
      expect(bare.payments.alipay?.privateKey.export({ format: 'pem', type: 'pkcs8' })).toBe(keys.alipay.app.privatePem);
      expect(bare.payments.alipay?.alipayPublicKey.export({ format: 'pem', type: 'spki' })).toBe(keys.alipay.alipay.publicPem);
    }
  });

  it('refuses half of Alipay, or Alipay enabled without settings', () => {
    expect(() => loadConfig({ ...alipay, ALIPAY_PUBLIC_KEY: '' })).toThrow('Alipay needs ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY; missing ALIPAY_PUBLIC_KEY');
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'sandbox,alipay' })).toThrow(/PAYMENT_PROVIDERS names alipay, which needs ALIPAY_APP_ID/);
    // Configured but not offered: the settings are checked all the same.
    expect(loadConfig({ ...alipay }).payments.enabled).toEqual(['sandbox']);
  });

  it('refuses Alipay keys that cannot work, at start', () => {
    expect(() => loadConfig({ ...alipay, ALIPAY_PRIVATE_KEY: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ' })).toThrow(/ALIPAY_PRIVATE_KEY must be an RSA private key/);
    expect(() => loadConfig({ ...alipay, ALIPAY_PUBLIC_KEY: 'not a key' })).toThrow(/ALIPAY_PUBLIC_KEY must be an RSA public key/);
    expect(() => loadConfig({ ...alipay, ALIPAY_PUBLIC_KEY: keys.alipay.alipay.privatePem })).toThrow(/a private key was given/);
    expect(() => loadConfig({ ...alipay, ALIPAY_PUBLIC_KEY: keys.alipay.app.publicPem })).toThrow(/application's own public key/);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadConfig({ ...alipay, ALIPAY_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string })).toThrow(
      /at least 2048 bits/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => loadConfig({ ...alipay, ALIPAY_PRIVATE_KEY: ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string })).toThrow(/RSA key/);
    expect(() => loadConfig({ ...alipay, ALIPAY_APP_ID: 'my-app' })).toThrow(/ALIPAY_APP_ID/);
    expect(() => loadConfig({ ...alipay, ALIPAY_GATEWAY: 'openapi.alipay.com' })).toThrow(/ALIPAY_GATEWAY/);
  });

  it('takes WeChat Pay whole, platform keys as PEM public keys or certificates', () => {
    const config = loadConfig({ PAYMENT_PROVIDERS: 'wechatpay,sandbox', ...wechatpay });
    const settings = config.payments.wechatpay!;
    expect(config.payments.enabled).toEqual(['wechatpay', 'sandbox']);
    expect(settings.mchId).toBe('1900000109');
    expect(settings.apiV3Key.toString('utf8')).toBe('APIv3-test-key-0123456789abcdefg');
    expect(settings.baseUrl).toBe('https://api.mch.weixin.qq.com');
    expect([...settings.platformKeys.keys()]).toEqual(['5157F09EFDC096DE15EBE81A47057A7232F1B8E1']);
    const withCertificate = loadConfig({ ...wechatpay, WECHATPAY_PLATFORM_CERTS: JSON.stringify({ '5157f09efdc096de15ebe81a47057a7232f1b8e1': PLATFORM_CERTIFICATE }) });
    expect([...withCertificate.payments.wechatpay!.platformKeys.keys()]).toEqual(['5157F09EFDC096DE15EBE81A47057A7232F1B8E1']);
  });

  it('refuses half of WeChat Pay, an APIv3 key of the wrong length, and platform keys it cannot use', () => {
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_CERT_SERIAL: ' ' })).toThrow(/WeChat Pay needs .*; missing WECHATPAY_CERT_SERIAL/);
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'wechatpay' })).toThrow(/PAYMENT_PROVIDERS names wechatpay, which needs WECHATPAY_MCH_ID/);
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_APIV3_KEY: 'APIv3-test-key-0123456789abcdef' })).toThrow(
      'WECHATPAY_APIV3_KEY must be exactly 32 bytes (the APIv3 key set in the merchant platform), got 31',
    );
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_APIV3_KEY: 'APIv3-test-key-0123456789abcdefgh' })).toThrow(/got 33/);
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_PRIVATE_KEY: 'apiclient_key.pem' })).toThrow(/WECHATPAY_PRIVATE_KEY/);
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_PLATFORM_CERTS: 'serial=pem' })).toThrow(/WECHATPAY_PLATFORM_CERTS .*not JSON/);
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_PLATFORM_CERTS: '{}' })).toThrow(/WECHATPAY_PLATFORM_CERTS .*empty/);
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_PLATFORM_CERTS: JSON.stringify({ '5157F09EFDC096DE15EBE81A47057A7232F1B8E1': 'x' }) })).toThrow(
      /WECHATPAY_PLATFORM_CERTS \(5157F09EFDC096DE15EBE81A47057A7232F1B8E1\) must be an RSA public key/,
    );
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_PLATFORM_CERTS: JSON.stringify({ '1111111111111111': PLATFORM_CERTIFICATE }) })).toThrow(
      /has serial 5157F09EFDC096DE15EBE81A47057A7232F1B8E1/,
    );
    expect(() => loadConfig({ ...wechatpay, WECHATPAY_MCH_ID: 'shop' })).toThrow(/WECHATPAY_MCH_ID/);
  });
});

/** A self-signed certificate with serial 5157F09EFDC096DE15EBE81A47057A7232F1B8E1 (openssl req -x509 -set_serial). */
const PLATFORM_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDpzCCAo+gAwIBAgIUUVfwnv3Alt4V6+gaRwV6cjLxuOEwDQYJKoZIhvcNAQEL
BQAwYzELMAkGA1UEBhMCQ04xEzARBgNVBAoMClRlbnBheS5jb20xHTAbBgNVBAsM
FFRlbnBheS5jb20gQ0EgQ2VudGVyMSAwHgYDVQQDDBdUZW5wYXkuY29tIFJvb3Qg
Q0EgdGVzdDAeFw0yNjEyMDIwMjExMzJaFw0zNjExMjkwMjExMzJaMGMxCzAJBgNV
BAYTAkNOMRMwEQYDVQQKDApUZW5wYXkuY29tMR0wGwYDVQQLDBRUZW5wYXkuY29t
IENBIENlbnRlcjEgMB4GA1UEAwwXVGVucGF5LmNvbSBSb290IENBIHRlc3QwggEi
MA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDilD+GWHTPvdyzwS1Xxi3LcZ3P
dI3oAed/CJQSSo/zGpnZ5OlPivfhg0gZ6AUUNUmH29WJuy0ChuB55vnErMLdIEh/
jiS7WqVUtVv8ZJTTtIYu20U9nVgq9ruOBgBeMbJw65ASG3x3aNJwLrT5Fn0vDuIl
LjVSqAK8We3VWlyMvO0t3fVX6hJYwN1sA1o86No0O3yTMCu6Q32zo3yXkvkmhupj
lWwuqtfxAYt5QYe9Tgd0LcQpkHM/o2aN9A6HALjW5vV0DKZeWoIrElGj+tmasVsg
qN1F68Ui45/opBU3SAs6+MPk2sgIJGScH1GwD1AefCs5IHtFq6yh3ruSGXtTAgMB
AAGjUzBRMB0GA1UdDgQWBBQDthSQxrAeN6vIhBANAl7iKeJsUzAfBgNVHSMEGDAW
gBQDthSQxrAeN6vIhBANAl7iKeJsUzAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3
DQEBCwUAA4IBAQBvnAN9S6wUfJTWpUVYZ0R4eXnQPIQzSoMz4dlyVl9vYfIh+91a
OzqtHQO20pyApYBmF4Y82n7S69/Yh3soOTeOai3t1pcUb0+knEQEXeepYQ3bcUFL
LGWqrBcsuCcvTU7CkEe7D1vD0sQPLuzWG9rMWUHCkBLuiQ++jfVWtQSqW/CRK7H3
H08hLoKwIM28j/G4FR2uEdrW9MHwEC6dFoHCFXovG23UMq6YSqSilzhPFBeivE3r
/Kf9ZgwgTG5O+Z+m9WuCPmXhuy0ExIDAdOuAAku6E/+OkMPvigVDxUMo/DwmDCMO
JcUklioo+9jAVRGgEDw3ddh/pK2Ql+3Wh/jb
-----END CERTIFICATE-----`;
