// The unit of work of the fast tier: every port in memory, with the guarantees the database gives.
// - `write` is one transaction: its work runs against a deep copy of the committed tables, which replaces
//   them only if the work resolves (and hit no unique constraint); writes run one at a time, in order.
// - `read` sees committed data: the tables as they were when it started (they are never changed in place).
// - Rows go in and come out as copies: changing an object after `insert`, or one a query returned, changes
//   nothing stored.
// - Using the unit of work from inside another fails loudly, as on SQLite, the embedded default (where a
//   nested read or write would wait on itself).
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  UnitOfWork,
  type Adhesion,
  type AuditRow,
  type Commune,
  type DocumentRecord,
  type Epci,
  type IdempotencyRecord,
  type LedgerRow,
  type Notification,
  type OutboxRow,
  type Repositories,
  type Service,
  type UnitCost,
  type NotificationTemplateRecord,
  type UsageAuditRow,
  type UsageRecord,
  type User,
} from '../../src/ports/index.js';
import { InMemoryAdhesionRepository } from './in-memory-adhesion.repository.js';
import { InMemoryCatalogueRepository, type CatalogueTemplate } from './in-memory-catalogue.repository.js';
import { InMemoryCommuneDirectory } from './in-memory-commune.directory.js';
import { InMemoryDocumentStore } from './in-memory-document.store.js';
import { InMemoryIdempotencyRecords } from './in-memory-idempotency.records.js';
import { InMemoryNotificationInbox } from './in-memory-notification-inbox.js';
import { InMemoryNotificationLedger } from './in-memory-notification-ledger.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { InMemoryReferenceData } from './in-memory-reference-data.js';
import { clone, emptyTables, Tx, type Tables } from './in-memory-tables.js';
import { InMemoryUsageRepository } from './in-memory-usage.repository.js';
import { InMemoryNotificationTemplates } from './in-memory-notification-templates.js';
import { InMemoryUserDirectory } from './in-memory-user.directory.js';

export interface InMemoryUnitOfWorkOptions {
  /** The catalogue `ensureCatalogue` copies into an EPCI that has none; by default there is none. */
  catalogueTemplate?: CatalogueTemplate;
}

/** Rows to put in the store directly (a test's world), through the same constraints as a write. */
export interface InMemorySeed {
  epcis?: Epci[];
  communes?: Commune[];
  services?: Service[];
  unitCosts?: UnitCost[];
  users?: User[];
  adhesions?: Adhesion[];
  audit?: AuditRow[];
  outbox?: OutboxRow[];
  ledger?: LedgerRow[];
  notifications?: Notification[];
  documents?: DocumentRecord[];
  idempotency?: IdempotencyRecord[];
  usage?: UsageRecord[];
  usageAudit?: UsageAuditRow[];
  notificationTemplates?: NotificationTemplateRecord[];
}

export class InMemoryUnitOfWork extends UnitOfWork {
  private committed: Tables = emptyTables();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<Tx>();
  private commits = 0;

  constructor(private readonly options: InMemoryUnitOfWorkOptions = {}) {
    super();
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return Promise.reject(nestedUse());
    return this.run(new Tx(this.committed, false), work);
  }

  write<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return Promise.reject(nestedUse());
    const run = this.tail.then(async () => {
      const draft = clone(this.committed);
      const tx = new Tx(draft, true);
      const result = await this.run(tx, work);
      // A unique violation the work caught still fails the write: the transaction is not usable any more.
      if (tx.violation) throw tx.violation;
      this.committed = draft;
      this.commits++;
      return result;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  /** Puts rows in the store in one write, checked against the same constraints. */
  async seed(rows: InMemorySeed): Promise<void> {
    await this.write(async () => {
      const tx = this.inside.getStore()!;
      for (const table of Object.keys(rows) as Array<keyof InMemorySeed>) {
        for (const row of rows[table] ?? []) tx.insert(table, row as never);
      }
    });
  }

  /** A copy of the committed tables, for a test's assertions. */
  tables(): Tables {
    return clone(this.committed);
  }

  /** How many writes committed. */
  get committedWrites(): number {
    return this.commits;
  }

  private async run<T>(tx: Tx, work: (repos: Repositories) => Promise<T>): Promise<T> {
    try {
      return await this.inside.run(tx, () => work(this.repositories(tx)));
    } finally {
      tx.close();
    }
  }

  private repositories(tx: Tx): Repositories {
    return {
      adhesions: new InMemoryAdhesionRepository(tx),
      catalogue: new InMemoryCatalogueRepository(tx, this.options.catalogueTemplate),
      communes: new InMemoryCommuneDirectory(tx),
      reference: new InMemoryReferenceData(tx),
      users: new InMemoryUserDirectory(tx),
      outbox: new InMemoryOutbox(tx),
      ledger: new InMemoryNotificationLedger(tx),
      notifications: new InMemoryNotificationInbox(tx),
      documents: new InMemoryDocumentStore(tx),
      idempotency: new InMemoryIdempotencyRecords(tx),
      usage: new InMemoryUsageRepository(tx),
      notificationTemplates: new InMemoryNotificationTemplates(tx),
    };
  }
}

function nestedUse(): Error {
  return new Error('UnitOfWork used from inside another unit of work');
}
