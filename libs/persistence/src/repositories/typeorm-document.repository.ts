// The trail of generated documents: who, when, and the SHA-256 of the bytes served. Append-only.
import type { DocumentRecord, DocumentStore } from '../../../application/src/ports/index.js';
import { MoreThanOrEqual } from 'typeorm';
import { DocumentAuditEntity } from '../entities/index.js';
import { toDocumentRecord } from './mappers.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmDocumentStore extends TypeOrmRepository implements DocumentStore {
  async record(row: DocumentRecord): Promise<void> {
    await this.writing(this.m.insert(DocumentAuditEntity, row));
  }

  async trail(adhesionId: string): Promise<DocumentRecord[]> {
    const rows = await this.m.find(DocumentAuditEntity, { where: { adhesionId }, order: { at: 'ASC' } }); // ties (one instant) in insertion order
    return rows.map(toDocumentRecord);
  }

  async recordedSince(row: Pick<DocumentRecord, 'adhesionId' | 'kind' | 'actorId' | 'sha256'>, since: string): Promise<boolean> {
    const { adhesionId, kind, actorId, sha256 } = row;
    return this.m.existsBy(DocumentAuditEntity, { adhesionId, kind, sha256, at: MoreThanOrEqual(since), ...(actorId === null ? {} : { actorId }) });
  }
}
