// Entities to the application's records: plain objects, field by field, so that what a port hands out is
// data (no entity class, no extra property) and a column the records do not know never leaks.
import type {
  Adhesion,
  AuditRow,
  Commune,
  DocumentRecord,
  Epci,
  IdempotencyRecord,
  KeyBasis,
  LedgerRow,
  LegalBasis,
  Notification,
  OutboxRow,
  Service,
  UnitCost,
  UsageAuditRow,
  UsageRecord,
  User,
} from '../../../application/src/ports/index.js';
import {
  type AdhesionEntity,
  type AuditEventEntity,
  type CommuneEntity,
  type DocumentAuditEntity,
  type EpciEntity,
  type IdempotencyKeyEntity,
  type NotificationEntity,
  type NotificationLedgerEntity,
  type OutboxEntity,
  type ServiceEntity,
  type UnitCostEntity,
  type UsageAuditEntity,
  type UsageRecordEntity,
  type UserEntity,
} from '../entities/index.js';

export function toAdhesion(e: AdhesionEntity): Adhesion {
  return {
    id: e.id,
    communeInsee: e.communeInsee,
    epciSiren: e.epciSiren,
    serviceCode: e.serviceCode,
    liveKey: e.liveKey,
    renews: e.renews ?? null,
    options: e.options,
    forecastUnits: e.forecastUnits,
    state: e.state,
    stateDetail: e.stateDetail,
    snapshot: e.snapshot,
    machineVersion: e.machineVersion,
    version: e.version,
    nextDeadlineAt: e.nextDeadlineAt,
    nextDeadlineKind: e.nextDeadlineKind,
    nextDeadlineCycle: e.nextDeadlineCycle,
    startDate: e.startDate,
    anniversaryOn: e.anniversaryOn,
    contractYear: e.contractYear,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function toCommune(e: CommuneEntity): Commune {
  return { insee: e.insee, siren: e.siren, name: e.name, population: e.population, epciSiren: e.epciSiren };
}

export function toEpci(e: EpciEntity): Epci {
  return { siren: e.siren, name: e.name, nature: e.nature };
}

export function toService(e: ServiceEntity): Service {
  return {
    epciSiren: e.epciSiren,
    code: e.code,
    name: e.name,
    pole: e.pole,
    description: e.description,
    legalBasis: e.legalBasis as LegalBasis,
    unitCode: e.unitCode,
    unitLabel: e.unitLabel,
    unitLabelPlural: e.unitLabelPlural,
    options: e.options,
    actWeights: e.actWeights,
    noticePeriodMonths: e.noticePeriodMonths,
    renewalWindowDays: e.renewalWindowDays,
    reminderOffsets: e.reminderOffsets,
    costModel: e.costModel,
    keyBasis: e.keyBasis as KeyBasis | null,
    keyParameters: e.keyParameters ?? null,
    settlement: e.settlement,
    processesPersonalData: Boolean(e.processesPersonalData),
  };
}

export function toUnitCost(e: UnitCostEntity): UnitCost {
  return {
    epciSiren: e.epciSiren,
    serviceCode: e.serviceCode,
    year: e.year,
    unitCostCents: e.unitCostCents,
    totalCostCents: e.totalCostCents,
    notifiedAt: e.notifiedAt,
    notifiedBy: e.notifiedBy,
  };
}

export function toUser(e: UserEntity): User {
  return {
    id: e.id,
    email: e.email,
    displayName: e.displayName,
    passwordHash: e.passwordHash,
    role: e.role,
    communeInsee: e.communeInsee,
    epciSiren: e.epciSiren,
    pole: e.pole,
    calendarToken: e.calendarToken,
    createdAt: e.createdAt,
    sessionVersion: e.sessionVersion,
  };
}

export function toAuditRow(e: AuditEventEntity): AuditRow {
  return {
    id: e.id,
    adhesionId: e.adhesionId,
    sequence: e.sequence,
    event: e.event,
    payload: e.payload,
    actorId: e.actorId,
    role: e.role,
    fromState: e.fromState,
    toState: e.toState,
    at: e.at,
  };
}

export function toLedgerRow(e: NotificationLedgerEntity): LedgerRow {
  return {
    id: e.id,
    adhesionId: e.adhesionId,
    epciSiren: e.epciSiren,
    cycle: e.cycle,
    kind: e.kind,
    offsetDays: e.offsetDays,
    recipient: e.recipient,
    status: e.status,
    dueAt: e.dueAt,
    attempts: e.attempts,
    lastError: e.lastError,
    payload: e.payload,
    createdAt: e.createdAt,
    sentAt: e.sentAt,
  };
}

export function toNotification(e: NotificationEntity): Notification {
  return {
    id: e.id,
    ledgerId: e.ledgerId,
    userId: e.userId,
    adhesionId: e.adhesionId,
    kind: e.kind,
    title: e.title,
    body: e.body,
    link: e.link,
    createdAt: e.createdAt,
    readAt: e.readAt,
  };
}

export function toDocumentRecord(e: DocumentAuditEntity): DocumentRecord {
  return { id: e.id, adhesionId: e.adhesionId, kind: e.kind, sha256: e.sha256, actorId: e.actorId, role: e.role, at: e.at, byteSize: e.byteSize };
}

export function toIdempotencyRecord(e: IdempotencyKeyEntity): IdempotencyRecord {
  return { userId: e.userId, key: e.key, requestHash: e.requestHash, statusCode: e.statusCode, body: e.body, createdAt: e.createdAt };
}

export function toOutboxRow(e: OutboxEntity): OutboxRow {
  return {
    id: e.id,
    adhesionId: e.adhesionId,
    kind: e.kind,
    payload: e.payload,
    attempts: e.attempts,
    lastError: e.lastError,
    createdAt: e.createdAt,
    processedAt: e.processedAt,
  };
}

export function toUsageRecord(e: UsageRecordEntity): UsageRecord {
  return {
    id: e.id,
    adhesionId: e.adhesionId,
    epciSiren: e.epciSiren,
    communeInsee: e.communeInsee,
    serviceCode: e.serviceCode,
    year: e.year,
    period: e.period,
    actCounts: e.actCounts ?? null,
    units: e.units,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    version: e.version,
    // The three columns are written together (usageRecordColumns): the comment tells whether there is a contest.
    contest: e.contestComment === null ? null : { comment: e.contestComment, by: e.contestedBy!, at: e.contestedAt! },
  };
}

/** A usage record as the columns of its row: `contest` spread over its three columns, all set or all NULL. */
export function usageRecordColumns(r: UsageRecord): UsageRecordEntity {
  return {
    id: r.id,
    adhesionId: r.adhesionId,
    epciSiren: r.epciSiren,
    communeInsee: r.communeInsee,
    serviceCode: r.serviceCode,
    year: r.year,
    period: r.period,
    actCounts: r.actCounts,
    units: r.units,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
    version: r.version,
    contestComment: r.contest?.comment ?? null,
    contestedBy: r.contest?.by ?? null,
    contestedAt: r.contest?.at ?? null,
  };
}

export function toUsageAuditRow(e: UsageAuditEntity): UsageAuditRow {
  return {
    id: e.id,
    usageId: e.usageId,
    adhesionId: e.adhesionId,
    action: e.action,
    year: e.year,
    period: e.period,
    units: e.units,
    actCounts: e.actCounts ?? null,
    comment: e.comment,
    actorId: e.actorId,
    role: e.role,
    at: e.at,
  };
}
