// GET a document of an adhesion: gather its data, lay it out (libs/documents), record the SHA-256 of the bytes
// served in the document trail, then hand the bytes back. Same scope as reading the adhesion itself.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { parisDateOf } from '#domain';
import { documentFileName, isDocumentKind, renderDocument, type DocumentKind } from '#documents';
import { migrateSnapshot, NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Scope } from '../common/scope.js';
import { UnitOfWork } from '../ports/repositories.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { documentData } from './document-sources.js';

export interface GeneratedDocument {
  kind: DocumentKind;
  /** French, accents kept: the controller also sends an ASCII fallback. */
  fileName: string;
  contentType: 'application/pdf';
  bytes: Buffer;
  sha256: string;
}

/** The document audit keeps one row per (adhesion, kind, actor, SHA-256) and hour. */
export const DOCUMENT_AUDIT_THROTTLE_MS = 3_600_000;

@Injectable()
export class GenerateDocumentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, adhesionId: string, kind: string): Promise<GeneratedDocument> {
    if (!isDocumentKind(kind)) throw new NotFound('No such document', { kind });
    const now = this.clock.now();
    const year = Number(parisDateOf(now).slice(0, 4));
    const loaded = await this.uow.read(async (r) => {
      const record = await r.adhesions.get(adhesionId);
      if (!record) return null;
      const { adhesion, service } = record;
      if (!Scope.of(actor).includes({ ...adhesion, servicePole: service.pole })) return null;
      // The year's cost of the adhesion's own EPCI: each EPCI sets its own.
      const yearCost = kind === 'annual-statement' ? await r.catalogue.unitCost(adhesion.epciSiren, service.code, year) : null;
      return { ...record, yearCost };
    });
    // Another commune's adhesion is "not found", as for GET /adhesions/:id: its existence does not leak.
    if (!loaded) throw new NotFound('Adhesion not found', { id: adhesionId });

    const { context } = migrateSnapshot(loaded.adhesion.snapshot);
    const data = documentData(kind, { ...loaded, context, year, generatedAt: now });
    const bytes = await renderDocument(data);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // One audit row per (adhesion, kind, actor, bytes) and hour: a reader downloading again adds nothing.
    await this.uow.write(async (r) => {
      const since = new Date(now.getTime() - DOCUMENT_AUDIT_THROTTLE_MS).toISOString();
      if (await r.documents.recordedSince({ adhesionId, kind, actorId: actor.userId, sha256 }, since)) return;
      await r.documents.record({
        id: newId(),
        adhesionId,
        kind,
        sha256,
        actorId: actor.userId,
        role: actor.role,
        at: now.toISOString(),
        byteSize: bytes.length,
      });
    });
    return { kind, fileName: documentFileName(data), contentType: 'application/pdf', bytes, sha256 };
  }
}
