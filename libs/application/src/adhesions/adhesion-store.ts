// Reads and writes of adhesions, for the use cases. Writes are compare-and-swap on `version`.
import { type EntityManager } from 'typeorm';
import {
  AdhesionEntity,
  AuditEventEntity,
  CommuneEntity,
  OutboxEntity,
  ServiceEntity,
} from '#persistence';
import { StaleVersion } from '#workflow';
import { newId } from '../common/ids.js';

export interface AdhesionRecord {
  adhesion: AdhesionEntity;
  commune: CommuneEntity;
  service: ServiceEntity;
}

export async function findAdhesion(manager: EntityManager, id: string): Promise<AdhesionRecord | null> {
  const adhesion = await manager.findOneBy(AdhesionEntity, { id });
  if (!adhesion) return null;
  const [commune, service] = await Promise.all([
    manager.findOneByOrFail(CommuneEntity, { insee: adhesion.communeInsee }),
    manager.findOneByOrFail(ServiceEntity, { code: adhesion.serviceCode }),
  ]);
  return { adhesion, commune, service };
}

/** Writes the new columns only if nobody wrote since `expectedVersion`; otherwise a 409, never a lost update. */
export async function compareAndSwap(
  manager: EntityManager,
  id: string,
  expectedVersion: number,
  changes: Partial<AdhesionEntity>,
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(AdhesionEntity)
    .set({ ...changes, version: expectedVersion + 1 } as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  if (result.affected !== 1) {
    throw new StaleVersion('The adhesion changed since it was read', { expectedVersion });
  }
}

export interface AuditInput {
  adhesionId: string;
  sequence: number;
  event: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  role: string;
  fromState: string | null;
  toState: string;
  at: string;
}

export async function appendAudit(manager: EntityManager, audit: AuditInput): Promise<void> {
  await manager.insert(AuditEventEntity, { id: newId(), ...audit } as never);
}

export async function appendOutbox(
  manager: EntityManager,
  rows: Array<{ adhesionId: string | null; kind: string; payload: Record<string, unknown> }>,
  at: string,
): Promise<void> {
  if (rows.length === 0) return;
  await manager.insert(
    OutboxEntity,
    // Only deadline rows have a consumer (the relay to the queue); the others are a record, born processed.
    rows.map((row) => ({ id: newId(), ...row, attempts: 0, lastError: null, createdAt: at, processedAt: row.kind === 'deadline.schedule' ? null : at })) as never,
  );
}
