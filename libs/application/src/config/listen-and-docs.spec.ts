// Issue 12: the server listens on the loopback unless told otherwise (HOST; 0.0.0.0 in the container), the
// OpenAPI document is served by default outside production only, and idempotency answers are kept 30 days.
import { loadConfig } from './app-config.js';

const base = { DATABASE_URL: 'sqlite::memory:' };
const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 'x7Qp2LmN9vR4tY8wZ1aB3cD5eF6gH0jK-prod' };

describe('where the server listens, and what it serves', () => {
  it('listens on 127.0.0.1 by default, on HOST when set', () => {
    expect(loadConfig(base).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('serves /docs by default outside production only, or as ALACARTE_DOCS says', () => {
    expect(loadConfig(base).docs).toBe(true);
    expect(loadConfig(production).docs).toBe(false);
    expect(loadConfig({ ...production, ALACARTE_DOCS: 'true' }).docs).toBe(true);
    expect(loadConfig({ ...base, ALACARTE_DOCS: 'false' }).docs).toBe(false);
  });

  it('keeps idempotency answers 30 days by default', () => {
    expect(loadConfig(base).idempotencyRetentionDays).toBe(30);
    expect(() => loadConfig({ ...base, IDEMPOTENCY_RETENTION_DAYS: '0' })).toThrow(/IDEMPOTENCY_RETENTION_DAYS/);
  });
});
