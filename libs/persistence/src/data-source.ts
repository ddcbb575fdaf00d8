// One DataSource definition for both databases: SQLite (embedded default, WAL) and PostgreSQL (scale).
import { DataSource, type DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ENTITIES } from './entities/index.js';
import { InitialSchema1764190000000 } from './migrations/1764190000000-initial-schema.js';
import { TimeAndNotifications1764200000000 } from './migrations/1764200000000-time-and-notifications.js';
import { DocumentAudit1764210000000 } from './migrations/1764210000000-document-audit.js';
import { CataloguePerEpci1764220000000 } from './migrations/1764220000000-catalogue-per-epci.js';
import { SessionVersion1764230000000 } from './migrations/1764230000000-session-version.js';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export const MIGRATIONS = [InitialSchema1764190000000, TimeAndNotifications1764200000000, DocumentAudit1764210000000, CataloguePerEpci1764220000000, SessionVersion1764230000000];

export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, extra: { max: 20 } };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // A writer from another process waits instead of failing at once (the CLI beside the server).
    timeout: 5_000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
  };
}

/** Opens the database and brings its schema up to date: migrations run at every start. */
export async function openDatabase(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
