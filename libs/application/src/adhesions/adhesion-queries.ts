// What people read: lists filtered to their scope, one adhesion, its history, its cost estimate.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { allocateByKeys, annualAmountCents, parisDateOf } from '#domain';
import {
  AdhesionEntity,
  AuditEventEntity,
  CommuneEntity,
  DocumentAuditEntity,
  ServiceEntity,
  UnitCostEntity,
  UnitOfWork,
} from '#persistence';
import { EVENT_LABELS_FR, NotFound, STATE_LABELS_FR, TOP_STATES, type EventType } from '#workflow';
import { canSee, type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { withDocuments } from '../documents/document-history.js';
import { parseOrThrow } from '../common/validation.js';
import { findAdhesion, type AdhesionRecord } from './adhesion-store.js';
import { toAdhesionResponse, toAdhesionSummary, type AdhesionResponse, type AdhesionSummary } from './adhesion.response.js';

export const listAdhesionsSchema = z
  .object({
    state: z.enum(TOP_STATES).optional(),
    commune: z.string().regex(/^[0-9][0-9AB][0-9]{3}$/).optional(),
    service: z.string().min(1).max(40).optional(),
    deadlineBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(['nextDeadline', '-nextDeadline', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt']).default('nextDeadline'),
  })
  .strict();

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const SORT_COLUMNS = { nextDeadline: 'a.next_deadline_at', updatedAt: 'a.updated_at', createdAt: 'a.created_at' } as const;

/** Restricts a query on adhesions (alias `a`, joined service `s`) to what the actor may see. */
export function scopeAdhesions<T extends object>(qb: SelectQueryBuilder<T>, actor: Actor): SelectQueryBuilder<T> {
  switch (actor.role) {
    case 'secretary':
      return qb.andWhere('a.commune_insee = :scopeCommune', { scopeCommune: actor.communeInsee ?? '' });
    case 'agent':
      return qb.andWhere('a.epci_siren = :scopeEpci AND s.pole = :scopePole', { scopeEpci: actor.epciSiren ?? '', scopePole: actor.pole ?? '' });
    case 'dgs':
      return qb.andWhere('a.epci_siren = :scopeEpci', { scopeEpci: actor.epciSiren ?? '' });
    default:
      return qb;
  }
}

@Injectable()
export class AdhesionQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: unknown): Promise<Page<AdhesionSummary>> {
    const q = parseOrThrow(listAdhesionsSchema, query);
    return this.uow.read(async (m) => {
      const qb = m
        .createQueryBuilder(AdhesionEntity, 'a')
        .innerJoin(ServiceEntity, 's', 's.code = a.service_code')
        .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee');
      scopeAdhesions(qb, actor);
      if (q.state) qb.andWhere('a.state = :state', { state: q.state });
      if (q.commune) qb.andWhere('a.commune_insee = :commune', { commune: q.commune });
      if (q.service) qb.andWhere('a.service_code = :service', { service: q.service });
      if (q.deadlineBefore) {
        const before = q.deadlineBefore.length === 10 ? `${q.deadlineBefore}T00:00:00.000Z` : new Date(q.deadlineBefore).toISOString();
        qb.andWhere(new Brackets((w) => w.where('a.next_deadline_at IS NOT NULL').andWhere('a.next_deadline_at < :before', { before })));
      }
      const total = await qb.getCount();
      const descending = q.sort.startsWith('-');
      const column = SORT_COLUMNS[q.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
      const rows = await qb
        .select(['a.*', 'c.name AS commune_name', 's.name AS service_name', 's.pole AS service_pole'])
        .orderBy(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, 'ASC')
        .addOrderBy(column, descending ? 'DESC' : 'ASC')
        .addOrderBy('a.id', 'ASC')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawMany<Record<string, unknown>>();
      return { items: rows.map((row) => toAdhesionSummary(recordFromRaw(row))), total, page: q.page, pageSize: q.pageSize };
    });
  }

  async get(actor: Actor, id: string): Promise<AdhesionResponse> {
    const record = await this.visible(actor, id);
    return toAdhesionResponse(record, actor.role, this.clock.now());
  }

  async history(actor: Actor, id: string) {
    await this.visible(actor, id);
    const [rows, documents] = await this.uow.read(async (m) => [
      await m.find(AuditEventEntity, { where: { adhesionId: id }, order: { sequence: 'ASC' } }),
      await m.find(DocumentAuditEntity, { where: { adhesionId: id }, order: { at: 'ASC' } }),
    ] as const);
    const events = rows.map((row) => ({
      sequence: row.sequence,
      event: row.event,
      label: EVENT_LABELS_FR[row.event as EventType] ?? AUDIT_LABELS_FR[row.event] ?? row.event,
      payload: row.payload,
      actorId: row.actorId,
      role: row.role,
      fromState: row.fromState,
      fromStateLabel: row.fromState ? labelOfStateKey(row.fromState) : null,
      toState: row.toState,
      toStateLabel: labelOfStateKey(row.toState),
      at: row.at,
    }));
    return withDocuments(events, documents);
  }

  /** The annual cost: the year's unit cost × forecast units, or for a service shared by keys, each member's share. */
  async estimate(actor: Actor, id: string) {
    const record = await this.visible(actor, id);
    const { adhesion, service } = record;
    const year = Number(parisDateOf(this.clock.now()).slice(0, 4));
    return this.uow.read(async (m) => {
      const cost = await m.findOneBy(UnitCostEntity, { serviceCode: service.code, year });
      const base = { year, serviceCode: service.code, costModel: service.costModel, unitLabelPlural: service.unitLabelPlural };
      if (!cost) return { ...base, available: false as const, reason: 'unit_cost_missing' };
      if (service.costModel === 'unit') {
        const units = adhesion.forecastUnits;
        return {
          ...base,
          available: true as const,
          unitCostCents: cost.unitCostCents,
          forecastUnits: Number(units),
          annualAmountCents: annualAmountCents(cost.unitCostCents ?? 0, units),
        };
      }
      const members = await this.keyMembers(m, adhesion, service);
      const keys = members.map((member) =>
        service.keyBasis === 'population' ? member.population ?? 0 : Number(member.forecastUnits),
      );
      const shares = keys.some((k) => k > 0) ? allocateByKeys(cost.totalCostCents ?? 0, keys) : keys.map(() => 0);
      return {
        ...base,
        available: true as const,
        keyBasis: service.keyBasis,
        totalCostCents: cost.totalCostCents,
        shares: members.map((member, index) => ({
          communeInsee: member.communeInsee,
          communeName: member.communeName,
          key: keys[index],
          amountCents: shares[index],
          self: member.id === adhesion.id,
        })),
        annualAmountCents: shares[members.findIndex((member) => member.id === adhesion.id)],
      };
    });
  }

  /** The members sharing the cost: the active adhesions of the service in the EPCI, and this one. */
  private async keyMembers(m: EntityManager, adhesion: AdhesionEntity, service: ServiceEntity) {
    const rows = await m
      .createQueryBuilder(AdhesionEntity, 'a')
      .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee')
      .select(['a.id AS id', 'a.commune_insee AS commune_insee', 'a.forecast_units AS forecast_units', 'c.name AS commune_name', 'c.population AS population'])
      .where('a.service_code = :service AND a.epci_siren = :epci', { service: service.code, epci: adhesion.epciSiren })
      .andWhere('(a.state = :active OR a.id = :id)', { active: 'active', id: adhesion.id })
      .orderBy('a.commune_insee', 'ASC')
      .getRawMany<{ id: string; commune_insee: string; forecast_units: string; commune_name: string; population: number | null }>();
    return rows.map((r) => ({
      id: r.id,
      communeInsee: r.commune_insee,
      communeName: r.commune_name,
      forecastUnits: r.forecast_units,
      population: r.population === null ? null : Number(r.population),
    }));
  }

  private async visible(actor: Actor, id: string): Promise<AdhesionRecord> {
    const record = await this.uow.read((m) => findAdhesion(m, id));
    if (!record || !canSee(actor, { communeInsee: record.adhesion.communeInsee, epciSiren: record.adhesion.epciSiren, servicePole: record.service.pole })) {
      // Another commune's adhesion is "not found", not "forbidden": its existence does not leak.
      throw new NotFound('Adhesion not found', { id });
    }
    return record;
  }
}

const AUDIT_LABELS_FR: Record<string, string> = { CREATED: 'Création de la demande', DRAFT_UPDATED: 'Modification du brouillon' };

function labelOfStateKey(key: string): string {
  return key
    .split('|')
    .map((leaf) => STATE_LABELS_FR[leaf] ?? leaf)
    .join(' · ');
}

/** An adhesion row read raw with its commune's and service's names (aliases commune_name, service_name, service_pole). */
export function recordFromRaw(row: Record<string, unknown>): AdhesionRecord {
  const adhesion = {
    id: row.id,
    version: Number(row.version),
    communeInsee: row.commune_insee,
    epciSiren: row.epci_siren,
    serviceCode: row.service_code,
    state: row.state,
    stateDetail: row.state_detail,
    nextDeadlineAt: row.next_deadline_at,
    nextDeadlineKind: row.next_deadline_kind,
    nextDeadlineCycle: row.next_deadline_cycle === null ? null : Number(row.next_deadline_cycle),
    forecastUnits: row.forecast_units,
    contractYear: Number(row.contract_year),
    startDate: row.start_date,
    updatedAt: row.updated_at,
  } as AdhesionEntity;
  return {
    adhesion,
    commune: { insee: row.commune_insee, name: row.commune_name } as CommuneEntity,
    service: { code: row.service_code, name: row.service_name, pole: row.service_pole } as ServiceEntity,
  };
}
