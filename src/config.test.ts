import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
