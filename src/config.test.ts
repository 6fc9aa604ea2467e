import { describe, expect, it } from 'vitest';
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
