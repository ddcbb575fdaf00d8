// GET a document of an adhesion: gather its data, lay it out (libs/documents), record the SHA-256 of the bytes
// served in the document trail, then hand the bytes back. Same scope as reading the adhesion itself.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { parisDateOf } from '#domain';
import { documentFileName, isDocumentKind, renderDocument, type DocumentKind } from '#documents';
import { DocumentAuditEntity, EpciEntity, UnitCostEntity, UnitOfWork } from '#persistence';
import { migrateSnapshot, NotFound } from '#workflow';
import { findAdhesion } from '../adhesions/adhesion-store.js';
import { canSee, type Actor } from '../common/actor.js';
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
    const loaded = await this.uow.read(async (m) => {
      const record = await findAdhesion(m, adhesionId);
      if (!record) return null;
      const { adhesion, service } = record;
      if (!canSee(actor, { communeInsee: adhesion.communeInsee, epciSiren: adhesion.epciSiren, servicePole: service.pole })) return null;
      const epci = await m.findOneByOrFail(EpciEntity, { siren: adhesion.epciSiren });
      const yearCost = kind === 'annual-statement' ? await m.findOneBy(UnitCostEntity, { serviceCode: service.code, year }) : null;
      return { ...record, epci, yearCost };
    });
    // Another commune's adhesion is "not found", as for GET /adhesions/:id: its existence does not leak.
    if (!loaded) throw new NotFound('Adhesion not found', { id: adhesionId });

    const { context } = migrateSnapshot(loaded.adhesion.snapshot);
    const data = documentData(kind, { ...loaded, context, year, generatedAt: now });
    const bytes = await renderDocument(data);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.uow.write((m) =>
      m.insert(DocumentAuditEntity, {
        id: newId(),
        adhesionId,
        kind,
        sha256,
        actorId: actor.userId,
        role: actor.role,
        at: now.toISOString(),
        byteSize: bytes.length,
      }),
    );
    return { kind, fileName: documentFileName(data), contentType: 'application/pdf', bytes, sha256 };
  }
}
