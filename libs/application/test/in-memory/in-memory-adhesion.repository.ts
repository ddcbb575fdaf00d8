// Adhesions, their audit trail and the queries over them, in memory: the same filters, orders and limits
// as the SQL implementation (NULL deadlines last, ties by id; keyset pages by id; final = FINAL_STATES).
import { FINAL_STATES, StaleVersion } from '#workflow';
import { newId } from '../../src/common/ids.js';
import { type Scope } from '../../src/common/scope.js';
import {
  type Adhesion,
  type AdhesionListFilters,
  type AdhesionListPage,
  type AdhesionListQuery,
  type AdhesionRecord,
  type AdhesionRepository,
  type AdhesionRow,
  type AuditInput,
  type AuditRow,
  type CalendarRow,
  type Commune,
  type KeyMember,
  type ListCount,
  type Service,
} from '../../src/ports/index.js';
import { LIST_COUNT_CAP, type ConventionQuery } from '../../src/ports/repositories.js';
import { byName, clone, compareText, compositeKey, defined, type Tables, type Tx } from './in-memory-tables.js';

const FINALS: ReadonlySet<string> = new Set(FINAL_STATES);

/** The states in which a step can wait on the EPCI (a convention in force waits on nobody). */
const MAY_WAIT_ON_EPCI: ReadonlySet<string> = new Set(['submitted', 'study', 'proposal', 'deliberations', 'signature']);

/** An instant as stored (`…T00:00:00.000Z`), so that comparing strings compares instants; a civil date is its midnight UTC. */
function storedInstant(value: string): string {
  if (value.length === 10) return `${value}T00:00:00.000Z`;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

const SORT_COLUMNS = { nextDeadline: 'nextDeadlineAt', updatedAt: 'updatedAt', createdAt: 'createdAt' } as const;

interface Joined {
  adhesion: Adhesion;
  commune: Commune;
  service: Service;
}

export class InMemoryAdhesionRepository implements AdhesionRepository {
  constructor(private readonly tx: Tx) {}

  async get(id: string): Promise<AdhesionRecord | null> {
    const tables = this.tx.rows;
    const adhesion = tables.adhesions.get(id);
    if (!adhesion) return null;
    const epci = tables.epcis.get(adhesion.epciSiren);
    if (!epci) throw new Error(`In-memory store: adhesion ${adhesion.id} refers to EPCI ${adhesion.epciSiren}, which does not exist`);
    return clone({ ...join(tables, adhesion), epci });
  }

  async getMany(ids: readonly string[]): Promise<AdhesionRecord[]> {
    const records: AdhesionRecord[] = [];
    for (const id of new Set(ids)) {
      const record = await this.get(id);
      if (record) records.push(record);
    }
    return records;
  }

  async insert(adhesion: Adhesion): Promise<void> {
    this.tx.insert('adhesions', adhesion);
  }

  async compareAndSwap(id: string, expectedVersion: number, changes: Partial<Adhesion>): Promise<void> {
    const current = this.tx.mutable('compareAndSwap').adhesions.get(id);
    if (!current || current.version !== expectedVersion) {
      throw new StaleVersion('The adhesion changed since it was read', { expectedVersion });
    }
    this.tx.update('adhesions', id, { ...current, ...defined(changes), id, version: expectedVersion + 1 });
  }

  async list(scope: Scope, query: AdhesionListQuery): Promise<AdhesionListPage> {
    const matching = this.filtered(scope, query);
    // A page after a cursor answers with the count the cursor carries: it is not counted again (P4).
    const { total, totalCapped } = query.counted ?? (await this.count(scope, query));
    const descending = query.sort.startsWith('-');
    const column = SORT_COLUMNS[query.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
    matching.sort(({ adhesion: x }, { adhesion: y }) => {
      const a = x[column];
      const b = y[column];
      // NULLs last, whatever the direction; then the column; then the id, ascending.
      if (a === null || b === null) return a === b ? compareText(x.id, y.id) : a === null ? 1 : -1;
      return (descending ? compareText(b, a) : compareText(a, b)) || compareText(x.id, y.id);
    });
    // A keyset page: the rows past the position in that order (a position without a value is among the NULLs).
    const after = query.after;
    const past = ({ adhesion: x }: Joined) => {
      if (!after) return true;
      const v = x[column];
      if (after.value === null) return v === null && compareText(x.id, after.id) > 0;
      if (v === null) return true;
      const byValue = descending ? compareText(after.value, v) : compareText(v, after.value);
      return byValue > 0 || (byValue === 0 && compareText(x.id, after.id) > 0);
    };
    const start = after ? 0 : (query.page - 1) * query.pageSize;
    const rows = (after ? matching.filter(past) : matching).slice(start, start + query.pageSize + 1);
    return {
      items: rows.slice(0, query.pageSize).map(toRow),
      total,
      ...(totalCapped ? { totalCapped: true } : {}),
      page: query.page,
      pageSize: query.pageSize,
      more: rows.length > query.pageSize,
    };
  }

  async count(scope: Scope, filters: AdhesionListFilters): Promise<ListCount> {
    const counted = this.filtered(scope, filters).length;
    return { total: Math.min(counted, LIST_COUNT_CAP), totalCapped: counted > LIST_COUNT_CAP };
  }

  private filtered(scope: Scope, filters: AdhesionListFilters): Joined[] {
    const before = filters.deadlineBefore ? storedInstant(filters.deadlineBefore) : null;
    return this.joined(scope).filter(
      ({ adhesion: a }) =>
        (!filters.state || a.state === filters.state) &&
        (!filters.commune || a.communeInsee === filters.commune) &&
        (!filters.service || a.serviceCode === filters.service) &&
        (before === null || (a.nextDeadlineAt !== null && a.nextDeadlineAt < before)),
    );
  }

  async live(scope: Scope): Promise<AdhesionRow[]> {
    return this.joined(scope)
      .filter(({ adhesion }) => !FINALS.has(adhesion.state))
      .map(toRow);
  }

  async calendar(scope: Scope, range: { fromAt: string; toAt: string; from: string; to: string }): Promise<CalendarRow[]> {
    return this.joined(scope)
      .filter(
        ({ adhesion: a }) =>
          !FINALS.has(a.state) &&
          ((a.nextDeadlineAt !== null && a.nextDeadlineAt >= range.fromAt && a.nextDeadlineAt < range.toAt) ||
            (a.anniversaryOn !== null && a.anniversaryOn >= range.from && a.anniversaryOn <= range.to)),
      )
      .map(({ adhesion: a, commune, service }) =>
        clone({
          adhesionId: a.id,
          nextDeadlineAt: a.nextDeadlineAt,
          nextDeadlineKind: a.nextDeadlineKind,
          anniversaryOn: a.anniversaryOn,
          communeName: commune.name,
          serviceName: service.name,
        }),
      );
  }

  async conventions(scope: Scope, query: ConventionQuery): Promise<AdhesionRow[]> {
    const inForce = new Set(['active', 'terminated', 'lapsed', 'ended']);
    const rows = this.joined(scope)
      .filter(
        ({ adhesion: a }) =>
          (!query.epciSiren || a.epciSiren === query.epciSiren) &&
          a.startDate !== null &&
          a.startDate <= `${query.year}-12-31` &&
          inForce.has(a.state) &&
          (!query.serviceCode || a.serviceCode === query.serviceCode) &&
          (!query.communeInsee || a.communeInsee === query.communeInsee) &&
          (query.after === undefined || a.id > query.after),
      )
      .map(toRow)
      .sort((x, y) => (x.adhesion.id < y.adhesion.id ? -1 : 1));
    return query.limit === undefined ? rows : rows.slice(0, query.limit);
  }

  async keyMembers(epciSiren: string, serviceCode: string, alsoId?: string): Promise<KeyMember[]> {
    const tables = this.tx.rows;
    return [...tables.adhesions.values()]
      .filter((a) => a.epciSiren === epciSiren && a.serviceCode === serviceCode && (a.state === 'active' || a.id === alsoId))
      .map((a) => ({ adhesion: a, commune: communeOf(tables, a) }))
      .sort((x, y) => compareText(x.adhesion.communeInsee, y.adhesion.communeInsee) || compareText(x.adhesion.id, y.adhesion.id))
      .map(({ adhesion: a, commune }) => ({
        adhesionId: a.id,
        communeInsee: a.communeInsee,
        communeName: commune.name,
        population: commune.population,
        forecastUnits: a.forecastUnits,
        state: a.state,
      }));
  }

  async countByServiceAndState(scope: Scope): Promise<Array<{ serviceCode: string; serviceName: string; state: string; startDate: string | null; count: number }>> {
    const groups = new Map<string, { serviceCode: string; serviceName: string; state: string; startDate: string | null; count: number }>();
    for (const { adhesion, service } of this.joined(scope)) {
      const group = compositeKey(adhesion.serviceCode, service.name, adhesion.state, adhesion.startDate ?? '')!;
      const found = groups.get(group);
      if (found) found.count++;
      else groups.set(group, { serviceCode: adhesion.serviceCode, serviceName: service.name, state: adhesion.state, startDate: adhesion.startDate, count: 1 });
    }
    return [...groups.values()].sort(
      byName(
        (g) => g.serviceName,
        (g) => compositeKey(g.serviceCode, g.state, g.startDate ?? '')!,
      ),
    );
  }

  async countCommunesCovered(scope: Scope, today: string): Promise<number> {
    return new Set(
      this.joined(scope)
        .filter(({ adhesion }) => adhesion.state === 'active' && (adhesion.startDate === null || adhesion.startDate <= today))
        .map(({ adhesion }) => adhesion.communeInsee),
    ).size;
  }

  async due(now: string, limit: number): Promise<Array<{ id: string; version: number; kind: string }>> {
    return [...this.tx.rows.adhesions.values()]
      .filter((a): a is Adhesion & { nextDeadlineAt: string } => a.nextDeadlineAt !== null && a.nextDeadlineAt <= now)
      .sort((x, y) => compareText(x.nextDeadlineAt, y.nextDeadlineAt) || compareText(x.id, y.id))
      .slice(0, limit)
      .map((a) => ({ id: a.id, version: a.version, kind: a.nextDeadlineKind ?? '' }));
  }

  async approachingAnniversary(today: string, horizon: string, after: string, limit: number): Promise<Adhesion[]> {
    return this.byIdAfter(
      (a) => a.state === 'active' && a.anniversaryOn !== null && a.anniversaryOn > today && a.anniversaryOn <= horizon,
      after,
      limit,
    );
  }

  async possiblyWaitingOnEpci(before: string, after: string, limit: number): Promise<Adhesion[]> {
    return this.byIdAfter(
      (a) => (MAY_WAIT_ON_EPCI.has(a.state) || a.stateDetail.includes('renewalConfirmed')) && a.updatedAt <= before,
      after,
      limit,
    );
  }

  async missingUnitCosts(year: number): Promise<Array<{ epciSiren: string; serviceName: string }>> {
    const tables = this.tx.rows;
    const missing = new Map<string, { epciSiren: string; serviceName: string }>();
    for (const adhesion of tables.adhesions.values()) {
      if (adhesion.state !== 'active') continue;
      const cost = tables.unitCosts.get(compositeKey(adhesion.epciSiren, adhesion.serviceCode, year)!);
      if (cost && cost.notifiedAt !== null) continue;
      const service = serviceOf(tables, adhesion);
      missing.set(compositeKey(adhesion.epciSiren, service.name)!, { epciSiren: adhesion.epciSiren, serviceName: service.name });
    }
    return [...missing.values()].sort((a, b) => compareText(a.epciSiren, b.epciSiren) || compareText(a.serviceName, b.serviceName));
  }

  async successorOf(id: string): Promise<Adhesion | null> {
    const successors = [...this.tx.rows.adhesions.values()]
      .filter((a) => a.renews === id)
      .sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id));
    return successors[0] ? clone(successors[0]) : null;
  }

  async promoteSuccessor(predecessorId: string, liveKey: string): Promise<void> {
    for (const a of [...this.tx.mutable('promoteSuccessor').adhesions.values()]) {
      if (a.renews === predecessorId && a.liveKey !== null) this.tx.update('adhesions', a.id, { ...a, liveKey });
    }
  }

  async appendAudit(audit: AuditInput): Promise<void> {
    this.tx.insert('audit', { id: newId(), ...audit });
  }

  async latestEventAt(): Promise<string | null> {
    let latest: string | null = null;
    for (const row of this.tx.rows.audit.values()) if (latest === null || row.at > latest) latest = row.at;
    return latest;
  }

  async history(id: string): Promise<AuditRow[]> {
    return [...this.tx.rows.audit.values()]
      .filter((row) => row.adhesionId === id)
      .sort((a, b) => a.sequence - b.sequence)
      .map(clone);
  }

  async all(ids?: string[]): Promise<Adhesion[]> {
    const wanted = ids ? new Set(ids) : null;
    return [...this.tx.rows.adhesions.values()]
      .filter((a) => !wanted || wanted.has(a.id))
      .sort((a, b) => compareText(a.id, b.id))
      .map(clone);
  }

  /** The adhesions in scope with their commune and service (inner joins), by id. */
  private joined(scope: Scope): Joined[] {
    const tables = this.tx.rows;
    const rows: Joined[] = [];
    for (const adhesion of tables.adhesions.values()) {
      const service = serviceOf(tables, adhesion);
      if (!scope.includes({ communeInsee: adhesion.communeInsee, epciSiren: adhesion.epciSiren, servicePole: service.pole })) continue;
      rows.push({ adhesion, commune: communeOf(tables, adhesion), service });
    }
    return rows.sort((x, y) => compareText(x.adhesion.id, y.adhesion.id));
  }

  private byIdAfter(where: (a: Adhesion) => boolean, after: string, limit: number): Adhesion[] {
    return [...this.tx.rows.adhesions.values()]
      .filter((a) => a.id > after && where(a))
      .sort((a, b) => compareText(a.id, b.id))
      .slice(0, limit)
      .map(clone);
  }
}

function toRow({ adhesion, commune, service }: Joined): AdhesionRow {
  return { adhesion: clone(adhesion), communeName: commune.name, serviceName: service.name, servicePole: service.pole };
}

function join(tables: Tables, adhesion: Adhesion): Joined {
  return { adhesion, commune: communeOf(tables, adhesion), service: serviceOf(tables, adhesion) };
}

// The database's foreign keys make a dangling reference impossible; here it is a broken fixture: say so.
function communeOf(tables: Tables, adhesion: Adhesion): Commune {
  const commune = tables.communes.get(adhesion.communeInsee);
  if (!commune) throw new Error(`In-memory store: adhesion ${adhesion.id} refers to commune ${adhesion.communeInsee}, which does not exist`);
  return commune;
}

function serviceOf(tables: Tables, adhesion: Adhesion): Service {
  const service = tables.services.get(compositeKey(adhesion.epciSiren, adhesion.serviceCode)!);
  if (!service) {
    throw new Error(
      `In-memory store: adhesion ${adhesion.id} refers to service ${adhesion.serviceCode} of EPCI ${adhesion.epciSiren}, which does not exist`,
    );
  }
  return service;
}
