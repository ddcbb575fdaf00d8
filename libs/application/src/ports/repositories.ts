// The ports of the application layer: what a use case may ask of storage. Each repository is bound to the
// unit of work that handed it out, so that everything written through one `write()` commits together.
// Implementations: TypeORM in libs/persistence, in-memory in libs/application/test for the fast tier.
import { type Scope } from '../common/scope.js';
import {
  type Adhesion,
  type AdhesionRecord,
  type AdhesionListRow,
  type AdhesionRow,
  type AuditInput,
  type AuditRow,
  type Commune,
  type DocumentRecord,
  type Epci,
  type IdempotencyRecord,
  type LedgerRow,
  type NotificationTemplateRecord,
  type Notification,
  type OutboxRow,
  type Page,
  type Service,
  type UnitCost,
  type UsageAuditRow,
  type UsageRecord,
  type User,
  type UserRole,
} from './records.js';

import { type AdhesionSort } from '#contracts';
export { ADHESION_SORTS, type AdhesionSort } from '#contracts';

/**
 * A list counts its matches up to this cap and says when it stopped there (`totalCapped`): counting 300,000
 * rows for a page of 50 cost a national list most of its second (docs/PERFORMANCE.md, P4).
 */
export const LIST_COUNT_CAP = 10_000;

/** What a list keeps: the rows it counts and pages through. */
export interface AdhesionListFilters {
  state?: string;
  commune?: string;
  service?: string;
  /** An instant (ISO-8601 UTC): only adhesions with a deadline strictly before it. */
  deadlineBefore?: string;
}

/** A list's count, up to LIST_COUNT_CAP: `totalCapped` when it stopped there. */
export interface ListCount {
  total: number;
  totalCapped: boolean;
}

export interface AdhesionListQuery extends AdhesionListFilters {
  page: number;
  pageSize: number;
  sort: AdhesionSort;
  /**
   * A keyset page: the rows that come after this one in the list's order (the sort value, NULLs last in both
   * directions, then the id ascending), instead of skipping `(page - 1) × pageSize` rows. `page` is then only
   * the number the answer carries.
   */
  after?: ListPosition;
  /**
   * The list's count as already known (a cursor carries the one counted when the walk began): the page answers
   * with it and the count statement does not run. Absent, the list is counted.
   */
  counted?: ListCount;
}

/** A row's place in a list: its sort value (null: it has none, so it is among the last) and its id. */
export interface ListPosition {
  value: string | null;
  id: string;
}

/** A page of the adhesion list, and whether rows follow its last one. */
export type AdhesionListPage = Page<AdhesionListRow> & { more: boolean };

/** A member sharing a service's cost: what the keys are computed from. */
export interface KeyMember {
  adhesionId: string;
  communeInsee: string;
  communeName: string;
  population: number | null;
  forecastUnits: string;
  state: string;
}

export interface CalendarRow {
  adhesionId: string;
  nextDeadlineAt: string | null;
  nextDeadlineKind: string | null;
  anniversaryOn: string | null;
  communeName: string;
  serviceName: string;
}

/** Which conventions to read: one EPCI's (every EPCI's when none is named) of a year, narrowed, optionally a page by id. */
export interface ConventionQuery {
  epciSiren?: string;
  year: number;
  serviceCode?: string;
  communeInsee?: string;
  /** Only the ids after this one (keyset). */
  after?: string;
  limit?: number;
}

export interface AdhesionRepository {
  /** The adhesion with its commune and service; null when there is none. Scope is checked by the caller. */
  get(id: string): Promise<AdhesionRecord | null>;
  /** The records of several adhesions in one read (a batch of notifications); those that exist, in no order. */
  getMany(ids: readonly string[]): Promise<AdhesionRecord[]>;
  insert(adhesion: Adhesion): Promise<void>;
  /** Writes `changes` only if the version is still `expectedVersion` (and bumps it); else StaleVersion. */
  compareAndSwap(id: string, expectedVersion: number, changes: Partial<Adhesion>): Promise<void>;
  /** One page of a list; counted (`count`) unless `query.counted` says the count already. */
  list(scope: Scope, query: AdhesionListQuery): Promise<AdhesionListPage>;
  /** The number of adhesions in scope that pass the filters, up to LIST_COUNT_CAP. */
  count(scope: Scope, filters: AdhesionListFilters): Promise<ListCount>;
  /** Every live (non-final) adhesion in scope, with its names: the inbox. */
  live(scope: Scope): Promise<AdhesionRow[]>;
  /** Live adhesions in scope with a deadline between the two instants or an anniversary between the two dates. */
  calendar(scope: Scope, range: { fromAt: string; toAt: string; from: string; to: string }): Promise<CalendarRow[]>;
  /** The active members of one EPCI's service, and `alsoId` whatever its state, ordered by INSEE code. */
  keyMembers(epciSiren: string, serviceCode: string, alsoId?: string): Promise<KeyMember[]>;
  /**
   * The conventions of an EPCI (of every EPCI when none is named: the system's reminders) that were in force on
   * or before the end of `year` (active, or ended since: terminated, lapsed, ended), in scope: whose money of
   * the year the statements compute. Ordered by id; with `after` and `limit`, the next `limit` after that id
   * (keyset), so that a scan of every EPCI holds one page at a time.
   */
  conventions(scope: Scope, query: ConventionQuery): Promise<AdhesionRow[]>;
  /** Counts by service, top state and start date (a signed convention counts as active from it only), in scope. */
  countByServiceAndState(scope: Scope): Promise<Array<{ serviceCode: string; serviceName: string; state: string; startDate: string | null; count: number }>>;
  /** Distinct communes with an active adhesion in force on `today` (started: its start date not after it), in scope. */
  countCommunesCovered(scope: Scope, today: string): Promise<number>;
  /** Deadlines due at `now`, oldest first. */
  due(now: string, limit: number): Promise<Array<{ id: string; version: number; kind: string }>>;
  /** Active adhesions whose anniversary is in (today, horizon], by id after `after` (keyset). */
  approachingAnniversary(today: string, horizon: string, after: string, limit: number): Promise<Adhesion[]>;
  /** Adhesions in a step that can wait on the EPCI, unchanged since `before`, by id after `after`. */
  possiblyWaitingOnEpci(before: string, after: string, limit: number): Promise<Adhesion[]>;
  /** Per EPCI, the services with an active adhesion and no unit cost notified for `year`. */
  missingUnitCosts(year: number): Promise<Array<{ epciSiren: string; serviceName: string }>>;
  /** The adhesion that renews `id` (« renouveler la convention »), the most recent one; null when none. */
  successorOf(id: string): Promise<Adhesion | null>;
  /** When a convention ends, its live successor takes the plain live key `liveKey` (it held `<key>:renewal`). */
  promoteSuccessor(predecessorId: string, liveKey: string): Promise<void>;
  appendAudit(audit: AuditInput): Promise<void>;
  history(id: string): Promise<AuditRow[]>;
  /** The instant of the latest audit row of any adhesion (null when none): the manual clock may not go back past it. */
  latestEventAt(): Promise<string | null>;
  /** All adhesions, or those of `ids`: for the audit-trail replay check. */
  all(ids?: string[]): Promise<Adhesion[]>;
}

export interface CatalogueRepository {
  /** One EPCI's services, by name. */
  services(epciSiren: string): Promise<Service[]>;
  service(epciSiren: string, code: string): Promise<Service | null>;
  /** Every service of every EPCI (the reminder sweep reads their offsets). */
  allServices(): Promise<Service[]>;
  updateService(epciSiren: string, code: string, changes: Partial<Service>): Promise<void>;
  unitCost(epciSiren: string, code: string, year: number): Promise<UnitCost | null>;
  unitCosts(epciSiren: string, year: number): Promise<UnitCost[]>;
  saveUnitCost(cost: UnitCost): Promise<void>;
  /** Copies the template catalogue into an EPCI that has none; true when it did. */
  ensureCatalogue(epciSiren: string): Promise<boolean>;
}

export interface CommuneDirectory {
  commune(insee: string): Promise<Commune | null>;
  epci(siren: string): Promise<Epci | null>;
  /** Communes in scope, by name (French collation), filtered by a name fragment. */
  communes(scope: Scope, query: { q?: string; page: number; pageSize: number }): Promise<Page<Commune>>;
  countCommunes(scope: Scope): Promise<number>;
}

export interface UserDirectory {
  byId(id: string): Promise<User | null>;
  byEmail(email: string): Promise<User | null>;
  byCalendarToken(tokenHash: string): Promise<User | null>;
  /** Who a notification goes to: the secretaries of a commune, or the DGS of an EPCI. */
  secretariesOf(communeInsee: string): Promise<User[]>;
  dgsOf(epciSiren: string): Promise<User[]>;
  /** The agents of one pole of an EPCI (a service's study steps). */
  agentsOf(epciSiren: string, pole: string): Promise<User[]>;
  /**
   * Everyone a batch of notifications may go to, in one read: the secretaries of the communes, the DGS and
   * the agents of the EPCIs; by e-mail, as the three reads above.
   */
  recipientsIn(target: { communes: readonly string[]; epcis: readonly string[] }): Promise<User[]>;
  setCalendarToken(userId: string, token: string | null): Promise<void>;
  /** Revokes every token of the user; with `passwordHash`, sets a new password too. */
  bumpSessionVersion(userId: string, passwordHash?: string): Promise<void>;
  /** Fails with UniqueViolation (at the end of the write) when the e-mail is taken. */
  insert(user: User): Promise<void>;
  count(): Promise<number>;
}

/** The EPCIs and communes of France, as loaded from the INSEE data: upserts, idempotent. */
export interface ReferenceData {
  upsertEpcis(epcis: Epci[]): Promise<void>;
  upsertCommunes(communes: Commune[]): Promise<void>;
}

export interface Outbox {
  /** Rows made by `newOutboxRows` (ports/outbox.ts). */
  append(rows: OutboxRow[]): Promise<void>;
  /** Unprocessed `deadline.schedule` rows, oldest first. */
  pendingDeadlines(limit: number): Promise<OutboxRow[]>;
  markProcessed(ids: string[], at: string): Promise<void>;
}

export interface NotificationLedger {
  /** Inserts the rows; the write fails with UniqueViolation when one of them was already decided. */
  decide(rows: LedgerRow[]): Promise<void>;
  /** The (kind, offset) already decided for an adhesion's cycle, or an EPCI's notice of a kind. */
  decidedFor(target: { adhesionId: string } | { epciSiren: string; kind: string }, cycle: number): Promise<Array<{ kind: string; offsetDays: number }>>;
  /** What was already decided for a batch of adhesions, in one read (the sweep's candidates; P7). */
  decidedForAdhesions(adhesionIds: readonly string[]): Promise<Array<{ adhesionId: string; cycle: number; kind: string; offsetDays: number }>>;
  /** Rows to send at `now`: pending, or sending with an expired lease. */
  sendable(now: string, limit: number): Promise<string[]>;
  /** Claims a row for sending (pending → sending, with a lease until `leaseUntil`); null if someone else holds it. */
  claim(id: string, now: string, leaseUntil: string): Promise<LedgerRow | null>;
  /**
   * Claims up to `limit` sendable rows at `now`, the oldest decided first, in one statement (P6): each comes
   * back `sending`, with its attempt counted and a lease until `leaseUntil`. Two senders claiming at once
   * never get the same row (PostgreSQL skips the rows another claim holds; SQLite has one writer).
   */
  claimBatch(now: string, leaseUntil: string, limit: number): Promise<LedgerRow[]>;
  /** Marks the rows sent (those still `sending`), in one statement. */
  markSent(ids: string | readonly string[], at: string): Promise<void>;
  markFailed(id: string, outcome: { giveUp: boolean; retryAt: string; error: string }): Promise<void>;
}

/** The EPCIs' own notification templates, one per (EPCI, kind). */
export interface NotificationTemplates {
  get(epciSiren: string, kind: string): Promise<NotificationTemplateRecord | null>;
  ofEpci(epciSiren: string): Promise<NotificationTemplateRecord[]>;
  /** The templates of several EPCIs in one read (a batch of notifications). */
  ofEpcis(epciSirens: readonly string[]): Promise<NotificationTemplateRecord[]>;
  /** Fails with UniqueViolation (at the end of the write) when the EPCI already has this kind's template. */
  insert(row: NotificationTemplateRecord): Promise<void>;
  /** Replaces the row if its stored version is `expectedVersion` (then bumped), else throws StaleVersion. */
  compareAndSwap(row: NotificationTemplateRecord, expectedVersion: number): Promise<void>;
  /** Deletes the row if its stored version is `expectedVersion`, else throws StaleVersion. */
  remove(epciSiren: string, kind: string, expectedVersion: number): Promise<void>;
}

export interface NotificationInbox {
  /** One in-app notification per (ledger row, user); a repeated delivery adds nothing. */
  deliver(rows: Notification[]): Promise<void>;
  list(userId: string, query: { unreadOnly: boolean; page: number; pageSize: number }): Promise<Page<Notification> & { unread: number }>;
  get(userId: string, id: string): Promise<Notification | null>;
  markRead(userId: string, ids: 'all' | string, at: string): Promise<number>;
}

export interface DocumentStore {
  record(row: DocumentRecord): Promise<void>;
  trail(adhesionId: string): Promise<DocumentRecord[]>;
  /** Whether this actor got these very bytes of this document of this adhesion at `since` or later (the audit's throttle). */
  recordedSince(row: Pick<DocumentRecord, 'adhesionId' | 'kind' | 'actorId' | 'sha256'>, since: string): Promise<boolean>;
}

export interface IdempotencyRecords {
  find(userId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Stored in the transaction of the write it answers; a unique violation if a copy committed first. */
  remember(record: IdempotencyRecord): Promise<void>;
  /** Deletes the answers stored before `before` (the retention period); how many. */
  purgeBefore(before: string): Promise<number>;
}

/** The units used, per adhesion and period, and the trail of their changes. */
export interface UsageRepository {
  get(adhesionId: string, year: number, period: number): Promise<UsageRecord | null>;
  /** An adhesion's records, by year then period; of one year when given. */
  ofAdhesion(adhesionId: string, year?: number): Promise<UsageRecord[]>;
  /** The records of one EPCI's year, optionally of one service or one commune (reports, exports). */
  ofEpciYear(epciSiren: string, year: number, filter?: { serviceCode?: string; communeInsee?: string }): Promise<UsageRecord[]>;
  insert(record: UsageRecord): Promise<void>;
  /** Replaces the record if its stored version is `expectedVersion` (then bumped), else throws StaleVersion. */
  compareAndSwap(record: UsageRecord, expectedVersion: number): Promise<void>;
  appendAudit(row: UsageAuditRow): Promise<void>;
  /** An adhesion's trail, oldest first. */
  audit(adhesionId: string): Promise<UsageAuditRow[]>;
}

/** Everything a use case may touch, bound to one transaction (write) or to committed data (read). */
export interface Repositories {
  adhesions: AdhesionRepository;
  catalogue: CatalogueRepository;
  communes: CommuneDirectory;
  reference: ReferenceData;
  users: UserDirectory;
  outbox: Outbox;
  ledger: NotificationLedger;
  notifications: NotificationInbox;
  notificationTemplates: NotificationTemplates;
  documents: DocumentStore;
  idempotency: IdempotencyRecords;
  usage: UsageRepository;
}

/**
 * The one way to storage. `write` runs its work in one transaction: all of it commits, or none of it.
 * `read` sees committed data only. A unique violation inside `write` surfaces as `UniqueViolation`.
 */
export abstract class UnitOfWork {
  abstract read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  abstract write<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Whether the store can be reached (health). */
  abstract ping(): Promise<boolean>;
  /**
   * How many writes gain from running together: 1 where the store serialises them (SQLite's one lane, the
   * in-memory store), more on a connection pool. Batch work (the storm's deadlines) runs that many at a time.
   */
  get parallelWrites(): number {
    return 1;
  }
}

/** Where the reference data comes from (@etalab/decoupage-administratif in production). */
export abstract class ReferenceSource {
  abstract epci(siren: string): { epci: Epci; communes: Commune[] } | null;
  abstract all(): { epcis: Epci[]; communes: Commune[] };
  /** Drops what the source keeps in memory once an import is done (the next call reads it again). */
  abstract release(): void;
}

/** The demo installation: which EPCIs, their accounts, and their unit costs of a year. */
export abstract class DemoData {
  abstract readonly epcis: readonly string[];
  abstract readonly users: ReadonlyArray<{ email: string; role: UserRole; commune?: string; epci?: string; pole?: string; displayName: string }>;
  abstract unitCosts(epciSiren: string, year: number): UnitCost[];
  /** What a demo EPCI changed on its copy of the template catalogue, by service code. */
  abstract serviceSettings(epciSiren: string): Readonly<Record<string, Partial<Omit<Service, 'epciSiren' | 'code'>>>>;
}

/** A write hit a unique constraint (a live pair, an idempotency key, a ledger row decided twice). */
export class UniqueViolation extends Error {
  constructor(readonly constraint?: string) {
    super(`Unique constraint violated${constraint ? `: ${constraint}` : ''}`);
  }
}
