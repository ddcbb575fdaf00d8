// Issue 12, reliability: another process holding the SQLite file's lock does not freeze the server. A
// request that needs the lock answers 503 `database_busy` with Retry-After quickly, reads go on, and once the
// lock is released everything works; a database that cannot be opened is named in the error.
import { type DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdhesionEntity, openDatabase, UnitOfWork } from '#persistence';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe('an outside writer on the SQLite file', () => {
  let t: TestApp;
  // Another process's connection to the same file (better-sqlite3, as the CLI's).
  let other: DataSource;
  let outside: { exec(sql: string): void };
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    other = await openDatabase({ type: 'sqlite', path: t.database.url.slice('sqlite:'.length) });
    outside = (other.driver as unknown as { databaseConnection: { exec(sql: string): void } }).databaseConnection;
  });
  afterAll(async () => {
    await other?.destroy();
    await t?.close();
  });

  it('answers a write 503 with Retry-After within a second, writes nothing, and works again once the lock is gone', async () => {
    const count = () => t.app.get(UnitOfWork).read((m) => m.count(AdhesionEntity));
    const before = await count();
    outside.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      const res = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 3 });
      const took = Date.now() - started;
      expect([res.status, res.body.code]).toEqual([503, 'database_busy']);
      expect(res.body.message).toMatch(/occupée/);
      expect(res.headers['retry-after']).toBe('1');
      expect(took).toBeLessThan(1_000);
      // The event loop stays free: the health check answers at once.
      const healthStarted = Date.now();
      await t.http.get('/health');
      expect(Date.now() - healthStarted).toBeLessThan(1_000);
    } finally {
      outside.exec('ROLLBACK');
    }
    expect(await count()).toBe(before);
    await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 3 }).expect(201);
  });
});

describe('a database that cannot be opened', () => {
  it('is named in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alacarte-unopenable-'));
    try {
      // A directory where the file should be.
      await expect(openDatabase({ type: 'sqlite', path: dir })).rejects.toThrow(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
