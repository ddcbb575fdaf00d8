// Adhesions and their audit trail. Every state change is a compare-and-swap on `version` (never TypeORM's
// save(), which ignores @VersionColumn and lets a stale entity overwrite newer data). Instants are ISO-8601 UTC text, so comparing them as strings orders them.
import { randomUUID } from 'node:crypto';
import { Brackets, In, type SelectQueryBuilder } from 'typeorm';
import { compareFr } from '#domain';
import { FINAL_STATES, StaleVersion } from '#workflow';
import type { Scope } from '../../../application/src/common/scope.js';
import type {
  Adhesion,
  AdhesionListFields,
  AdhesionListFilters,
  AdhesionListPage,
  AdhesionListQuery,
  AdhesionListRow,
  AdhesionRecord,
  AdhesionRepository,
  AdhesionRow,
  AuditInput,
  AuditRow,
  CalendarRow,
  KeyMember,
  ListCount,
  ListPosition,
} from '../../../application/src/ports/index.js';
import { LIST_COUNT_CAP, type ConventionQuery } from '../../../application/src/ports/repositories.js';
import { ADHESION_LIST_FIELDS } from '../../../application/src/ports/records.js';
import { AdhesionEntity, AuditEventEntity, CommuneEntity, EpciEntity, ServiceEntity, UnitCostEntity } from '../entities/index.js';
import { toAdhesion, toAuditRow, toCommune, toEpci, toService } from './mappers.js';
import { SERVICE_OF_ADHESION, scopeAdhesions } from './scope-sql.js';
import { hydrate, insertRows, plain, selectColumns, updateWhere } from './plain-sql.js';
import { TypeOrmRepository } from './typeorm-repository.js';

const SORT_COLUMNS = { nextDeadline: 'a.next_deadline_at', updatedAt: 'a.updated_at', createdAt: 'a.created_at' } as const;

/** The states where a step can wait on the EPCI (a convention in force waits on nobody, unless a renewal was confirmed). */
const WAITING_ON_EPCI =
  "(a.state IN ('submitted', 'study', 'proposal', 'deliberations', 'signature') OR a.state_detail LIKE '%renewalConfirmed%')";

/** The states of a convention that is, or was, in force. */
const CONVENTION_STATES = ['active', 'terminated', 'lapsed', 'ended'];

/** Many ids in one IN (…) stay well under both databases' limits on bound parameters. */
const ID_CHUNK = 500;
/** The lengths of `getMany`'s id lists (the last is ID_CHUNK). */
const IN_SIZES = [1, 10, 100, ID_CHUNK];

/** An instant as stored (`…T00:00:00.000Z`), so that comparing strings compares instants; a civil date is its midnight UTC. */
function storedInstant(value: string): string {
  if (value.length === 10) return `${value}T00:00:00.000Z`;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}


/** A list's filters on a query of adhesions `a`. */
function withFilters(qb: SelectQueryBuilder<AdhesionEntity>, filters: AdhesionListFilters): SelectQueryBuilder<AdhesionEntity> {
  if (filters.state) qb.andWhere('a.state = :state', { state: filters.state });
  if (filters.commune) qb.andWhere('a.commune_insee = :commune', { commune: filters.commune });
  if (filters.service) qb.andWhere('a.service_code = :service', { service: filters.service });
  if (filters.deadlineBefore) {
    const before = storedInstant(filters.deadlineBefore);
    qb.andWhere(new Brackets((w) => w.where('a.next_deadline_at IS NOT NULL').andWhere('a.next_deadline_at < :before', { before })));
  }
  return qb;
}

export class TypeOrmAdhesionRepository extends TypeOrmRepository implements AdhesionRepository {
  async get(id: string): Promise<AdhesionRecord | null> {
    // Plain SQL (plain-sql.ts): every command starts with this read.
    const [record] = await this.records('a.id = ?', [id]);
    return record ?? null;
  }

  async getMany(ids: readonly string[]): Promise<AdhesionRecord[]> {
    const unique = [...new Set(ids)];
    const out: AdhesionRecord[] = [];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const chunk = unique.slice(i, i + ID_CHUNK);
      // A few statement shapes, not one per length (each shape is prepared and cached): the list is padded
      // with its last id to the next size, and `IN` reads a repeated id once.
      const size = IN_SIZES.find((n) => n >= chunk.length)!;
      const padded = [...chunk, ...Array<string>(size - chunk.length).fill(chunk[chunk.length - 1])];
      out.push(...(await this.records(`a.id IN (${padded.map(() => '?').join(', ')})`, padded)));
    }
    return out;
  }

  /** The adhesions `where` selects, each with its commune, its EPCI's service and its EPCI. */
  private async records(where: string, params: unknown[]): Promise<AdhesionRecord[]> {
    const m = this.m;
    const sql = plain(m, `adhesion records ${where}`, () =>
      `SELECT ${[selectColumns(m, AdhesionEntity, 'a'), selectColumns(m, CommuneEntity, 'c'), selectColumns(m, ServiceEntity, 's'), selectColumns(m, EpciEntity, 'e')].join(', ')}
       FROM adhesion a
       JOIN commune c ON c.insee = a.commune_insee
       JOIN service s ON ${SERVICE_OF_ADHESION}
       JOIN epci e ON e.siren = a.epci_siren
       WHERE ${where}`,
    );
    const rows = (await m.query(sql, params)) as Array<Record<string, unknown>>;
    return rows.map((raw) => ({
      adhesion: toAdhesion(hydrate(m, AdhesionEntity, raw, 'a')),
      commune: toCommune(hydrate(m, CommuneEntity, raw, 'c')),
      service: toService(hydrate(m, ServiceEntity, raw, 's')),
      epci: toEpci(hydrate(m, EpciEntity, raw, 'e')),
    }));
  }

  async insert(adhesion: Adhesion): Promise<void> {
    await this.writing(this.m.insert(AdhesionEntity, adhesion as never));
  }

  async compareAndSwap(id: string, expectedVersion: number, changes: Partial<Adhesion>): Promise<void> {
    const { id: _id, version: _version, ...columns } = changes;
    const changed = await this.writing(
      updateWhere(this.m, AdhesionEntity, { ...columns, version: expectedVersion + 1 } as Partial<AdhesionEntity>, { id, version: expectedVersion }),
    );
    if (changed !== 1) {
      throw new StaleVersion('The adhesion changed since it was read', { expectedVersion });
    }
  }

  /** Adhesions `a` with their service `s` and commune `c`, in scope. */
  private joined(scope: Scope): SelectQueryBuilder<AdhesionEntity> {
    const qb = this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .innerJoin(ServiceEntity, 's', SERVICE_OF_ADHESION)
      .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee');
    return scopeAdhesions(qb, scope);
  }

  /** The adhesions of a query with the names beside them, in the query's order. */
  private rows(qb: SelectQueryBuilder<AdhesionEntity>): Promise<AdhesionRow[]> {
    return this.withNames(qb, toAdhesion);
  }

  /** The lines of a list: the fields it shows (ADHESION_LIST_FIELDS, not the snapshot) and the names beside them. */
  private listRows(qb: SelectQueryBuilder<AdhesionEntity>): Promise<AdhesionListRow[]> {
    return this.withNames(
      qb.select(ADHESION_LIST_FIELDS.map((field) => `a.${field}`)),
      (entity) => Object.fromEntries(ADHESION_LIST_FIELDS.map((field) => [field, entity[field]])) as AdhesionListFields,
    );
  }

  /** Each adhesion of a query, as `adhesionOf` gives it, with its commune's and its service's names beside it. */
  private async withNames<A>(
    qb: SelectQueryBuilder<AdhesionEntity>,
    adhesionOf: (entity: AdhesionEntity) => A,
  ): Promise<Array<{ adhesion: A; communeName: string; serviceName: string; servicePole: string }>> {
    const { entities, raw } = await qb
      .addSelect('c.name', 'commune_name')
      .addSelect('s.name', 'service_name')
      .addSelect('s.pole', 'service_pole')
      .getRawAndEntities<{ a_id: string; commune_name: string; service_name: string; service_pole: string }>();
    const names = new Map(raw.map((r) => [r.a_id, r]));
    return entities.map((entity) => {
      const r = names.get(entity.id)!;
      return { adhesion: adhesionOf(entity), communeName: r.commune_name, serviceName: r.service_name, servicePole: r.service_pole };
    });
  }

  async list(scope: Scope, query: AdhesionListQuery): Promise<AdhesionListPage> {
    const qb = this.filtered(scope, query);
    // A page after a cursor answers with the count the cursor carries: it is not counted again (P4).
    const { total, totalCapped } = query.counted ?? (await this.count(scope, query));
    const descending = query.sort.startsWith('-');
    const column = SORT_COLUMNS[query.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
    // NULLs last in both directions, said only where it is not the database's default (PostgreSQL puts them
    // first in DESC, SQLite first in ASC): a plain ORDER BY is what the planners match with the indexes of the
    // migration 1764330000000 (an explicit default NULLS LAST keeps SQLite from using them).
    const postgres = this.m.connection.options.type === 'postgres';
    const ordered = (q: SelectQueryBuilder<AdhesionEntity>) =>
      q.orderBy(column, descending ? 'DESC' : 'ASC', postgres === descending ? 'NULLS LAST' : undefined).addOrderBy('a.id', 'ASC');
    // One row more than the page says whether another follows.
    const wanted = query.pageSize + 1;
    let rows: AdhesionListRow[];
    if (!query.after && query.page === 1) {
      rows = await this.listRows(ordered(qb).limit(wanted));
    } else if (!query.after) {
      rows = await this.pageByNumber(scope, query, ordered, wanted);
    } else {
      rows = await this.after(qb, ordered, column, descending, query.after, wanted);
    }
    return {
      items: rows.slice(0, query.pageSize),
      total,
      ...(totalCapped ? { totalCapped: true } : {}),
      page: query.page,
      pageSize: query.pageSize,
      more: rows.length > query.pageSize,
    };
  }

  /**
   * A page past the first, by number: the ids of the page first, skipping the rows before it on the adhesions
   * alone (the order's index, without the joins or the columns of the skipped rows), then those rows with their
   * names. The joins never drop a row (NOT NULL foreign keys), so the page is the same rows as one query would give.
   */
  private async pageByNumber(
    scope: Scope,
    query: AdhesionListQuery,
    ordered: (q: SelectQueryBuilder<AdhesionEntity>) => SelectQueryBuilder<AdhesionEntity>,
    wanted: number,
  ): Promise<AdhesionListRow[]> {
    const page = await ordered(this.adhesionsAlone(scope, query))
      .select('a.id', 'id')
      .offset((query.page - 1) * query.pageSize)
      .limit(wanted)
      .getRawMany<{ id: string }>();
    if (page.length === 0) return [];
    return this.listRows(ordered(this.filtered(scope, query)).andWhere('a.id IN (:...pageIds)', { pageIds: page.map((r) => r.id) }));
  }

  async count(scope: Scope, filters: AdhesionListFilters): Promise<ListCount> {
    // Counted up to the cap: a national list never counts its 300,000 rows for a page of 50.
    // On the adhesions alone: the count reads their indexes, not the list's joins.
    const [sql, parameters] = this.adhesionsAlone(scope, filters).select('a.id').limit(LIST_COUNT_CAP + 1).getQueryAndParameters();
    const [{ n }] = (await this.m.query(`SELECT count(*) AS n FROM (${sql}) capped`, parameters)) as Array<{ n: string | number }>;
    const counted = Number(n);
    return { total: Math.min(counted, LIST_COUNT_CAP), totalCapped: counted > LIST_COUNT_CAP };
  }

  /**
   * The adhesions in scope that pass a list's filters, without the list's joins: the commune and the service are
   * NOT NULL foreign keys, so joining them never drops a row. Only an agent's pole needs the service.
   */
  private adhesionsAlone(scope: Scope, filters: AdhesionListFilters): SelectQueryBuilder<AdhesionEntity> {
    const qb = this.m.createQueryBuilder(AdhesionEntity, 'a');
    if (scope.filter.servicePole !== undefined) qb.innerJoin(ServiceEntity, 's', SERVICE_OF_ADHESION);
    return withFilters(scopeAdhesions(qb, scope), filters);
  }

  /** The adhesions in scope that pass a list's filters, with their names. */
  private filtered(scope: Scope, filters: AdhesionListFilters): SelectQueryBuilder<AdhesionEntity> {
    return withFilters(this.joined(scope), filters);
  }

  /**
   * Keyset: the rows after `position` in the list's order (the column ASC or DESC with NULLs last, then the id
   * ascending), read from where the order's index puts it instead of skipping the rows before. In two ranges,
   * each an index range on both databases: the rows with a value past the position's (or equal to it with a
   * greater id), then the rows without one. A position without a value is already among them: only the second,
   * past its id.
   */
  private async after(
    qb: SelectQueryBuilder<AdhesionEntity>,
    ordered: (q: SelectQueryBuilder<AdhesionEntity>) => SelectQueryBuilder<AdhesionEntity>,
    column: string,
    descending: boolean,
    position: ListPosition,
    wanted: number,
  ): Promise<AdhesionListRow[]> {
    const rows: AdhesionListRow[] = [];
    const past = descending ? '<' : '>';
    if (position.value !== null) {
      const valued = ordered(qb.clone())
        .andWhere(`${column} ${past}= :afterValue`, { afterValue: position.value })
        .andWhere(new Brackets((w) => w.where(`${column} ${past} :afterValue`).orWhere('a.id > :afterId', { afterId: position.id })))
        .limit(wanted);
      rows.push(...(await this.listRows(valued)));
    }
    if (rows.length < wanted) {
      const nulls = ordered(qb.clone()).andWhere(`${column} IS NULL`);
      if (position.value === null) nulls.andWhere('a.id > :afterId', { afterId: position.id });
      rows.push(...(await this.listRows(nulls.limit(wanted - rows.length))));
    }
    return rows;
  }

  async live(scope: Scope): Promise<AdhesionRow[]> {
    const qb = this.joined(scope).andWhere('a.state NOT IN (:...finals)', { finals: FINAL_STATES }).orderBy('a.id', 'ASC');
    return this.rows(qb);
  }

  async calendar(scope: Scope, range: { fromAt: string; toAt: string; from: string; to: string }): Promise<CalendarRow[]> {
    const rows = await this.joined(scope)
      .andWhere('a.state NOT IN (:...finals)', { finals: FINAL_STATES })
      .andWhere(
        '((a.next_deadline_at >= :fromAt AND a.next_deadline_at < :toAt) OR (a.anniversary_on >= :from AND a.anniversary_on <= :to))',
        range,
      )
      .select([
        'a.id AS id',
        'a.next_deadline_at AS deadline_at',
        'a.next_deadline_kind AS kind',
        'a.anniversary_on AS anniversary',
        'c.name AS commune',
        's.name AS service',
      ])
      .orderBy('a.id', 'ASC')
      .getRawMany<{ id: string; deadline_at: string | null; kind: string | null; anniversary: string | null; commune: string; service: string }>();
    return rows.map((r) => ({
      adhesionId: r.id,
      nextDeadlineAt: r.deadline_at,
      nextDeadlineKind: r.kind,
      anniversaryOn: r.anniversary,
      communeName: r.commune,
      serviceName: r.service,
    }));
  }

  async conventions(scope: Scope, query: ConventionQuery): Promise<AdhesionRow[]> {
    const qb = this.joined(scope);
    if (query.epciSiren) qb.andWhere('a.epci_siren = :epci', { epci: query.epciSiren });
    qb.andWhere('a.start_date IS NOT NULL AND a.start_date <= :yearEnd', { yearEnd: `${query.year}-12-31` })
      .andWhere('a.state IN (:...inForce)', { inForce: CONVENTION_STATES });
    if (query.serviceCode) qb.andWhere('a.service_code = :service', { service: query.serviceCode });
    if (query.communeInsee) qb.andWhere('a.commune_insee = :commune', { commune: query.communeInsee });
    if (query.after !== undefined) qb.andWhere('a.id > :after', { after: query.after });
    if (query.limit !== undefined) qb.limit(query.limit);
    return this.rows(qb.orderBy('a.id', 'ASC'));
  }

  async keyMembers(epciSiren: string, serviceCode: string, alsoId?: string): Promise<KeyMember[]> {
    const qb = this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee')
      .select([
        'a.id AS id',
        'a.commune_insee AS commune_insee',
        'a.forecast_units AS forecast_units',
        'a.state AS state',
        'c.name AS commune_name',
        'c.population AS population',
      ])
      .where('a.service_code = :service AND a.epci_siren = :epci', { service: serviceCode, epci: epciSiren });
    if (alsoId === undefined) qb.andWhere('a.state = :active', { active: 'active' });
    else qb.andWhere('(a.state = :active OR a.id = :id)', { active: 'active', id: alsoId });
    const rows = await qb
      .orderBy('a.commune_insee', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getRawMany<{ id: string; commune_insee: string; forecast_units: string; state: string; commune_name: string; population: number | string | null }>();
    return rows.map((r) => ({
      adhesionId: r.id,
      communeInsee: r.commune_insee,
      communeName: r.commune_name,
      population: r.population === null ? null : Number(r.population),
      forecastUnits: r.forecast_units,
      state: r.state,
    }));
  }

  async countByServiceAndState(scope: Scope): Promise<Array<{ serviceCode: string; serviceName: string; state: string; startDate: string | null; count: number }>> {
    const qb = this.m.createQueryBuilder(AdhesionEntity, 'a').innerJoin(ServiceEntity, 's', SERVICE_OF_ADHESION);
    const rows = await scopeAdhesions(qb, scope)
      .select(['a.service_code AS code', 's.name AS name', 'a.state AS state', 'a.start_date AS start_date', 'COUNT(*) AS count'])
      .groupBy('a.service_code')
      .addGroupBy('s.name')
      .addGroupBy('a.state')
      .addGroupBy('a.start_date')
      .orderBy('a.service_code', 'ASC')
      .addOrderBy('a.state', 'ASC')
      .addOrderBy('a.start_date', 'ASC')
      .getRawMany<{ code: string; name: string; state: string; start_date: string | null; count: string | number }>();
    // Services in French order (bounded: services × states × start dates), which the database's byte order is not.
    return rows
      .sort((a, b) => compareFr(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((r) => ({ serviceCode: r.code, serviceName: r.name, state: r.state, startDate: r.start_date, count: Number(r.count) }));
  }

  async countCommunesCovered(scope: Scope, today: string): Promise<number> {
    const qb = this.m.createQueryBuilder(AdhesionEntity, 'a').innerJoin(ServiceEntity, 's', SERVICE_OF_ADHESION);
    // A signed convention covers its commune from its start date (ISO dates in text compare as dates).
    const row = await scopeAdhesions(qb, scope)
      .select('COUNT(DISTINCT a.commune_insee)', 'n')
      .andWhere("a.state = 'active'")
      .andWhere('(a.start_date IS NULL OR a.start_date <= :today)', { today })
      .getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  async due(now: string, limit: number): Promise<Array<{ id: string; version: number; kind: string }>> {
    const rows = await this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .select(['a.id AS id', 'a.version AS version', 'a.next_deadline_kind AS kind'])
      .where('a.next_deadline_at IS NOT NULL AND a.next_deadline_at <= :now', { now })
      .orderBy('a.next_deadline_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string; version: number | string; kind: string }>();
    return rows.map((r) => ({ id: r.id, version: Number(r.version), kind: r.kind }));
  }

  async approachingAnniversary(today: string, horizon: string, after: string, limit: number): Promise<Adhesion[]> {
    const rows = await this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .where("a.state = 'active' AND a.anniversary_on > :today AND a.anniversary_on <= :horizon AND a.id > :after", { today, horizon, after })
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toAdhesion);
  }

  async possiblyWaitingOnEpci(before: string, after: string, limit: number): Promise<Adhesion[]> {
    const rows = await this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .where(`${WAITING_ON_EPCI} AND a.updated_at <= :before AND a.id > :after`, { before, after })
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toAdhesion);
  }

  async missingUnitCosts(year: number): Promise<Array<{ epciSiren: string; serviceName: string }>> {
    const rows = await this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .innerJoin(ServiceEntity, 's', SERVICE_OF_ADHESION)
      .leftJoin(
        UnitCostEntity,
        'u',
        'u.epci_siren = a.epci_siren AND u.service_code = a.service_code AND u.year = :year AND u.notified_at IS NOT NULL',
        { year },
      )
      .select(['a.epci_siren AS epci', 's.name AS service'])
      .where("a.state = 'active' AND u.service_code IS NULL")
      .distinct(true)
      .orderBy('a.epci_siren', 'ASC')
      .getRawMany<{ epci: string; service: string }>();
    return rows
      .sort((a, b) => (a.epci < b.epci ? -1 : a.epci > b.epci ? 1 : 0) || compareFr(a.service, b.service))
      .map((r) => ({ epciSiren: r.epci, serviceName: r.service }));
  }

  async successorOf(id: string): Promise<Adhesion | null> {
    const found = await this.m
      .createQueryBuilder(AdhesionEntity, 'a')
      .where('a.renews = :id', { id })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getOne();
    return found ? toAdhesion(found) : null;
  }

  async promoteSuccessor(predecessorId: string, liveKey: string): Promise<void> {
    await this.writing(
      this.m
        .createQueryBuilder()
        .update(AdhesionEntity)
        .set({ liveKey } as never)
        .where('renews = :predecessorId AND live_key IS NOT NULL', { predecessorId })
        .execute(),
    );
  }

  async appendAudit(audit: AuditInput): Promise<void> {
    await this.writing(insertRows(this.m, AuditEventEntity, [{ id: randomUUID(), ...audit } as Partial<AuditEventEntity>]));
  }

  async history(id: string): Promise<AuditRow[]> {
    const rows = await this.m.find(AuditEventEntity, { where: { adhesionId: id }, order: { sequence: 'ASC' } });
    return rows.map(toAuditRow);
  }

  async latestEventAt(): Promise<string | null> {
    const row = await this.m.createQueryBuilder(AuditEventEntity, 'a').select('MAX(a.at)', 'at').getRawOne<{ at: string | null }>();
    return row?.at ?? null;
  }

  async all(ids?: string[]): Promise<Adhesion[]> {
    if (ids === undefined) return (await this.m.find(AdhesionEntity, { order: { id: 'ASC' } })).map(toAdhesion);
    const found: AdhesionEntity[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      found.push(...(await this.m.findBy(AdhesionEntity, { id: In(ids.slice(i, i + ID_CHUNK)) })));
    }
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toAdhesion);
  }
}
