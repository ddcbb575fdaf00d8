// GET a document of an adhesion: gather its data, lay it out (libs/documents), record the SHA-256 of the bytes
// served in the document trail, then hand the bytes back. Same scope as reading the adhesion itself.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { moneyYearQuery } from '#contracts';
import { parisDateOf } from '#domain';
import { documentFileName, documentFormat, isDocumentKind, isYearDocumentKind, renderDocument, type DocumentKind } from '#documents';
import { migrateSnapshot, NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Scope } from '../common/scope.js';
import { UnitOfWork } from '../ports/repositories.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { parseOrThrow } from '../common/validation.js';
import { conventionYear } from '../money/convention-year.js';
import { DocumentNotAvailable } from './document-not-available.js';
import { conventionYears, defaultStatementYear, documentData, isDocumentAvailable, notifiedYearsOf, type YearSources } from './document-sources.js';

export interface GeneratedDocument {
  kind: DocumentKind;
  /** French, accents kept: the controller also sends an ASCII fallback. */
  fileName: string;
  /** application/pdf, or the Word media type for a model deliberation (.docx). */
  contentType: ReturnType<typeof documentFormat>['mediaType'];
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

  /**
   * `query.year`: the calendar year of an annual statement (by default the last closed year the convention
   * touches, else the current one) or of a unit-cost letter (by default the latest notified year).
   * `extension`: the one the route was asked with; a kind asked with another one's (a PDF as .docx) does not exist.
   */
  async execute(actor: Actor, adhesionId: string, kind: string, query: unknown = {}, extension: 'pdf' | 'docx' = 'pdf'): Promise<GeneratedDocument> {
    if (!isDocumentKind(kind) || documentFormat(kind).extension !== extension) throw new NotFound('No such document', { kind });
    const asked = parseOrThrow(moneyYearQuery, query).year;
    const now = this.clock.now();
    const today = parisDateOf(now);
    const loaded = await this.uow.read(async (r) => {
      const record = await r.adhesions.get(adhesionId);
      if (!record) return null;
      const { adhesion, service } = record;
      if (!Scope.of(actor).includes({ ...adhesion, servicePole: service.pole })) return null;
      const { context } = migrateSnapshot(adhesion.snapshot);
      if (!isYearDocumentKind(kind) || !isDocumentAvailable(kind, adhesion.state, context)) return { ...record, context, year: null, refused: undefined };
      // The money of the year, computed once for every screen, report and PDF (convention-year.ts), on the
      // costs of the adhesion's own EPCI: each EPCI sets its own.
      const years = conventionYears(adhesion);
      const year = asked ?? (kind === 'annual-statement' ? defaultStatementYear(years, today) : (await notifiedYearsOf(r, adhesion)).at(-1));
      if (year === undefined || !years.includes(year)) return { ...record, context, year: null, refused: year };
      const [money, cost] = await Promise.all([conventionYear(r, adhesion, service, year, today), r.catalogue.unitCost(adhesion.epciSiren, service.code, year)]);
      return { ...record, context, year: { year, money, cost } satisfies YearSources, refused: undefined };
    });
    // Another commune's adhesion is "not found", as for GET /adhesions/:id: its existence does not leak.
    if (!loaded) throw new NotFound('Adhesion not found', { id: adhesionId });

    // A year the convention does not touch, or (the letter) with no notified cost: no such document, the year named.
    if (loaded.refused !== undefined) throw new DocumentNotAvailable(kind, loaded.adhesion.state, loaded.refused);
    const data = documentData(kind, { ...loaded, generatedAt: now });
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
    return { kind, fileName: documentFileName(data), contentType: documentFormat(kind).mediaType, bytes, sha256 };
  }
}
