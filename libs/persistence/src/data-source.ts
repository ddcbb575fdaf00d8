// One DataSource definition for both databases: SQLite (embedded default, WAL) and PostgreSQL (scale).
import { DataSource, type DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ENTITIES } from './entities/index.js';
import { InitialSchema1764190000000 } from './migrations/1764190000000-initial-schema.js';
import { TimeAndNotifications1764200000000 } from './migrations/1764200000000-time-and-notifications.js';
import { DocumentAudit1764210000000 } from './migrations/1764210000000-document-audit.js';
import { CataloguePerEpci1764220000000 } from './migrations/1764220000000-catalogue-per-epci.js';
import { SessionVersion1764230000000 } from './migrations/1764230000000-session-version.js';
import { CalendarTokenHash1764240000000 } from './migrations/1764240000000-calendar-token-hash.js';
import { MoneyCycle1764250000000 } from './migrations/1764250000000-money-cycle.js';
import { RenewalLink1764270000000 } from './migrations/1764270000000-renewal-link.js';
import { Attachments1764280000000 } from './migrations/1764280000000-attachments.js';
import { NotificationTemplates1764290000000 } from './migrations/1764290000000-notification-templates.js';
import { ServicePersonalData1764300000000 } from './migrations/1764300000000-service-personal-data.js';
import { CommuneNameSort1764310000000 } from './migrations/1764310000000-commune-name-sort.js';
import { RecipientIndexes1764320000000 } from './migrations/1764320000000-recipient-indexes.js';
import { AdhesionListIndexes1764330000000 } from './migrations/1764330000000-adhesion-list-indexes.js';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export const MIGRATIONS = [
  InitialSchema1764190000000,
  TimeAndNotifications1764200000000,
  DocumentAudit1764210000000,
  CataloguePerEpci1764220000000,
  SessionVersion1764230000000,
  CalendarTokenHash1764240000000,
  MoneyCycle1764250000000,
  RenewalLink1764270000000,
  Attachments1764280000000,
  NotificationTemplates1764290000000,
  ServicePersonalData1764300000000,
  CommuneNameSort1764310000000,
  RecipientIndexes1764320000000,
  AdhesionListIndexes1764330000000,
];

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
  try {
    await dataSource.initialize();
  } catch (error) {
    // better-sqlite3 says "unable to open database file" without naming it.
    if (database.type === 'sqlite' && /unable to open/i.test((error as Error).message)) {
      throw new Error(`${(error as Error).message}: ${resolve(database.path)} (DATABASE_URL=sqlite:${database.path})`, { cause: error });
    }
    throw error;
  }
  await dataSource.runMigrations({ transaction: 'each' });
  // The migrations may wait for another process; a request may not: better-sqlite3 waits synchronously,
  // the whole event loop with it. Past SQLITE_REQUEST_BUSY_MS the request fails with SQLITE_BUSY (a 503).
  if (database.type === 'sqlite') {
    (dataSource.driver as unknown as { databaseConnection: { pragma(sql: string): unknown } }).databaseConnection.pragma(`busy_timeout = ${SQLITE_REQUEST_BUSY_MS}`);
  }
  return dataSource;
}

/** How long a request waits for a lock held by another process on the SQLite file. */
export const SQLITE_REQUEST_BUSY_MS = 200;

/** Whether `error` (or its cause, or TypeORM's driver error) is SQLite's "database is locked". */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error as { code?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === 'SQLITE_BUSY' || (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY'))) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
