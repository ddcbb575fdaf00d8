// The in-memory store behind the fast-tier ports: one Map per table, keyed by the table's primary key, and
// the unique constraints of the database declared once. A `Tx` binds the repositories to one view of the
// tables: the committed tables (read-only) inside `read`, a private deep copy inside `write`.
import {
  UniqueViolation,
  type Adhesion,
  type AuditRow,
  type Commune,
  type DocumentRecord,
  type Epci,
  type IdempotencyRecord,
  type LedgerRow,
  type Notification,
  type NotificationTemplateRecord,
  type OutboxRow,
  type Service,
  type UnitCost,
  type UsageAuditRow,
  type UsageRecord,
  type User,
} from '../../src/ports/index.js';

export interface Tables {
  epcis: Map<string, Epci>;
  communes: Map<string, Commune>;
  /** Keyed by (epciSiren, code): each EPCI has its own catalogue. */
  services: Map<string, Service>;
  /** Keyed by (epciSiren, serviceCode, year). */
  unitCosts: Map<string, UnitCost>;
  users: Map<string, User>;
  adhesions: Map<string, Adhesion>;
  audit: Map<string, AuditRow>;
  outbox: Map<string, OutboxRow>;
  ledger: Map<string, LedgerRow>;
  notifications: Map<string, Notification>;
  documents: Map<string, DocumentRecord>;
  /** Keyed by (userId, key). */
  idempotency: Map<string, IdempotencyRecord>;
  /** Keyed by id; unique per (adhesionId, year, period). */
  usage: Map<string, UsageRecord>;
  usageAudit: Map<string, UsageAuditRow>;
  /** Keyed by (epciSiren, kind). */
  notificationTemplates: Map<string, NotificationTemplateRecord>;
}

export type TableName = keyof Tables;
export type RowOf<K extends TableName> = Tables[K] extends Map<string, infer R> ? R : never;

export function emptyTables(): Tables {
  return {
    epcis: new Map(),
    communes: new Map(),
    services: new Map(),
    unitCosts: new Map(),
    users: new Map(),
    adhesions: new Map(),
    audit: new Map(),
    outbox: new Map(),
    ledger: new Map(),
    notifications: new Map(),
    documents: new Map(),
    idempotency: new Map(),
    usage: new Map(),
    usageAudit: new Map(),
    notificationTemplates: new Map(),
  };
}

/**
 * A composite key; null when any part is null, as SQL treats NULLs as distinct in a unique index (a row
 * with a NULL part never collides).
 */
export function compositeKey(...parts: Array<string | number | null | undefined>): string | null {
  return parts.some((part) => part === null || part === undefined) ? null : parts.map(String).join('\u0000');
}

const key = (...parts: Array<string | number>): string => compositeKey(...parts)!;

export const primaryKeys: { [K in TableName]: (row: RowOf<K>) => string } = {
  epcis: (r) => r.siren,
  communes: (r) => r.insee,
  services: (r) => key(r.epciSiren, r.code),
  unitCosts: (r) => key(r.epciSiren, r.serviceCode, r.year),
  users: (r) => r.id,
  adhesions: (r) => r.id,
  audit: (r) => r.id,
  outbox: (r) => r.id,
  ledger: (r) => r.id,
  notifications: (r) => r.id,
  documents: (r) => r.id,
  idempotency: (r) => key(r.userId, r.key),
  usage: (r) => r.id,
  usageAudit: (r) => r.id,
  notificationTemplates: (r) => key(r.epciSiren, r.kind),
};

/**
 * Each table's name in the schema and its primary key's columns: a violation is named `table(columns)`,
 * as the TypeORM unit of work names it on both databases (e.g. `idempotency_key(user_id, key)`).
 */
const schema: { [K in TableName]: { table: string; primaryKey: string } } = {
  epcis: { table: 'epci', primaryKey: 'siren' },
  communes: { table: 'commune', primaryKey: 'insee' },
  services: { table: 'service', primaryKey: 'epci_siren, code' },
  unitCosts: { table: 'unit_cost', primaryKey: 'epci_siren, service_code, year' },
  users: { table: 'app_user', primaryKey: 'id' },
  adhesions: { table: 'adhesion', primaryKey: 'id' },
  audit: { table: 'audit_event', primaryKey: 'id' },
  outbox: { table: 'outbox', primaryKey: 'id' },
  ledger: { table: 'notification_ledger', primaryKey: 'id' },
  notifications: { table: 'notification', primaryKey: 'id' },
  documents: { table: 'document_audit', primaryKey: 'id' },
  idempotency: { table: 'idempotency_key', primaryKey: 'user_id, key' },
  usage: { table: 'usage_record', primaryKey: 'id' },
  usageAudit: { table: 'usage_audit', primaryKey: 'id' },
  notificationTemplates: { table: 'notification_template', primaryKey: 'epci_siren, kind' },
};

interface UniqueIndex<R> {
  columns: string;
  key: (row: R) => string | null;
}

/** The unique indexes of the schema, besides the primary keys (libs/persistence/src/migrations). */
const uniqueIndexes: { [K in TableName]?: Array<UniqueIndex<RowOf<K>>> } = {
  users: [
    { columns: 'email', key: (u) => u.email },
    { columns: 'calendar_token', key: (u) => u.calendarToken },
  ],
  adhesions: [{ columns: 'live_key', key: (a) => a.liveKey }],
  audit: [{ columns: 'adhesion_id, sequence', key: (r) => compositeKey(r.adhesionId, r.sequence) }],
  ledger: [
    { columns: 'adhesion_id, cycle, kind, offset_days', key: (r) => compositeKey(r.adhesionId, r.cycle, r.kind, r.offsetDays) },
    { columns: 'epci_siren, cycle, kind, offset_days', key: (r) => compositeKey(r.epciSiren, r.cycle, r.kind, r.offsetDays) },
  ],
  notifications: [{ columns: 'ledger_id, user_id', key: (r) => compositeKey(r.ledgerId, r.userId) }],
  usage: [{ columns: 'adhesion_id, year, period', key: (r) => compositeKey(r.adhesionId, r.year, r.period) }],
};

/**
 * The constraint `row` would violate in `table`: its primary key taken (unless `replacing` that very row),
 * or a unique index shared with another row. Null when it fits.
 */
export function violatedConstraint<K extends TableName>(tables: Tables, table: K, row: RowOf<K>, replacing?: string): string | null {
  const map = tables[table] as Map<string, RowOf<K>>;
  const pk = primaryKeys[table](row);
  const { table: name, primaryKey } = schema[table];
  if (pk !== replacing && map.has(pk)) return `${name}(${primaryKey})`;
  for (const index of (uniqueIndexes[table] ?? []) as Array<UniqueIndex<RowOf<K>>>) {
    const value = index.key(row);
    if (value === null) continue;
    for (const [otherPk, other] of map) {
      if (otherPk !== replacing && otherPk !== pk && index.key(other) === value) return `${name}(${index.columns})`;
    }
  }
  return null;
}

/**
 * The JSON columns of each table (simple-json): stored as text, so a value comes back as JSON gives it
 * (a Date as its ISO string, an undefined property gone), on either database.
 */
const jsonColumns: { [K in TableName]?: ReadonlyArray<keyof RowOf<K>> } = {
  services: ['options', 'actWeights', 'reminderOffsets', 'keyParameters'],
  adhesions: ['options', 'snapshot'],
  audit: ['payload'],
  outbox: ['payload'],
  ledger: ['payload'],
  idempotency: ['body'],
  usage: ['actCounts'],
  usageAudit: ['actCounts'],
};

export const clone = <T>(value: T): T => structuredClone(value);

/** A copy of `row` as the database would store it. */
function stored<K extends TableName>(table: K, row: RowOf<K>): RowOf<K> {
  const copy = clone(row);
  for (const column of (jsonColumns[table] ?? []) as Array<keyof RowOf<K>>) {
    const value = copy[column];
    if (value !== null && value !== undefined) copy[column] = JSON.parse(JSON.stringify(value));
  }
  return copy;
}

/**
 * One unit of work's view of the tables. Repositories ask it for the tables (checked: the unit of work is
 * still open, and writable when they write); a unique violation is remembered, so that the write fails
 * even if its work caught the error, as a database transaction would be left unusable.
 */
export class Tx {
  private open = true;
  violation: UniqueViolation | null = null;

  constructor(
    private readonly tables: Tables,
    readonly writable: boolean,
  ) {}

  /** The tables to read; rows handed out must be cloned by the caller. */
  get rows(): Tables {
    if (!this.open) throw new Error('In-memory repository used after its unit of work ended');
    return this.tables;
  }

  /** The tables to change: only inside `write`. */
  mutable(operation: string): Tables {
    const tables = this.rows;
    if (!this.writable) throw new Error(`In-memory ${operation} called inside read(): writes belong in write()`);
    return tables;
  }

  /** Inserts a copy of `row`, or fails the write with UniqueViolation. */
  insert<K extends TableName>(table: K, row: RowOf<K>): void {
    const tables = this.mutable(`insert into ${table}`);
    const violated = violatedConstraint(tables, table, row);
    if (violated) this.violate(violated);
    (tables[table] as Map<string, RowOf<K>>).set(primaryKeys[table](row), stored(table, row));
  }

  /** Inserts a copy of `row` unless it collides with a row already there (INSERT … ON CONFLICT DO NOTHING); true when inserted. */
  insertOrIgnore<K extends TableName>(table: K, row: RowOf<K>): boolean {
    const tables = this.mutable(`insert into ${table}`);
    if (violatedConstraint(tables, table, row)) return false;
    (tables[table] as Map<string, RowOf<K>>).set(primaryKeys[table](row), stored(table, row));
    return true;
  }

  /** Deletes the row whose primary key is `pk`; true when there was one. */
  delete<K extends TableName>(table: K, pk: string): boolean {
    return (this.mutable(`delete from ${table}`)[table] as Map<string, RowOf<K>>).delete(pk);
  }

  /** Replaces the row whose primary key is `pk` (which may not change), checking the unique indexes. */
  update<K extends TableName>(table: K, pk: string, next: RowOf<K>): void {
    const tables = this.mutable(`update of ${table}`);
    if (primaryKeys[table](next) !== pk) throw new Error(`In-memory update of ${table} may not change the primary key`);
    const violated = violatedConstraint(tables, table, next, pk);
    if (violated) this.violate(violated);
    (tables[table] as Map<string, RowOf<K>>).set(pk, stored(table, next));
  }

  violate(constraint: string): never {
    const violation = new UniqueViolation(constraint);
    this.violation ??= violation;
    throw violation;
  }

  close(): void {
    this.open = false;
  }
}

const collator = new Intl.Collator('fr');

/** Names in French collation (accents and case after the letters), ties by the given key. */
export function byName<T>(name: (row: T) => string, tie: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => collator.compare(name(a), name(b)) || compareText(tie(a), tie(b));
}

/** Binary comparison of text, as the database compares ISO instants, dates and ids. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The changes an UPDATE … SET makes: a property left undefined is not set (TypeORM skips it). */
export function defined<T extends object>(changes: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function paginate<T>(rows: T[], page: number, pageSize: number): T[] {
  const start = (page - 1) * pageSize;
  return rows.slice(start, start + pageSize);
}
