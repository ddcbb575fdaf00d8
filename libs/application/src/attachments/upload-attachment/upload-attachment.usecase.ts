// POST a file to an adhesion: one of its parties (the commune's secretary, the EPCI's DGS or the agent of the
// service's pole) attaches a deliberation, the CST minutes, a fiche d'impact, the signed convention or an avenant
// at the adhesion's current step. The file's type is judged by its bytes (file-type), never by its name or its
// declared type; its SHA-256, size and sanitised name are kept with the metadata, and the record and the bytes are
// stored together by the AttachmentStorage port.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_MEDIA_TYPES, attachmentDateIssues, MAX_ATTACHMENT_BYTES, parseAttachmentMetadata, type AttachmentMediaType } from '#contracts';
import { parisDateOf } from '#domain';
import { InvalidInput, RuleViolation } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import { AttachmentStorage, type AttachmentRecord } from '../../ports/attachments.js';
import { AttachmentTooLarge, AttachmentTypeRefused } from '../attachment-errors.js';
import { AttachmentQueries } from '../attachment.queries.js';
import { sanitiseFileName } from '../file-name.js';

/** The file as the HTTP layer received it: its bytes and the client's word on its name. */
export interface UploadedFile {
  bytes: Buffer;
  originalName?: string;
}

@Injectable()
export class UploadAttachmentUseCase {
  constructor(
    private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
    private readonly queries: AttachmentQueries,
  ) {}

  async execute(actor: Actor, adhesionId: string, fields: unknown, file: UploadedFile | undefined): Promise<AttachmentRecord> {
    // Out of the parties' scope: not found, before anything about the file is said.
    const { adhesion } = await this.queries.visible(actor, adhesionId);

    const metadata = parseAttachmentMetadata(fields);
    const issues = metadata.issues ?? [];
    if (!file) issues.unshift({ field: 'file', code: 'required', message: 'Joignez le fichier : un PDF, ou l’image (JPEG ou PNG) d’un document numérisé.' });
    if (issues.length || !file || !metadata.data) throw new InvalidInput('Invalid attachment', { issues });

    if (file.bytes.length === 0) throw new RuleViolation([{ field: 'file', code: 'empty_file', message: 'Le fichier est vide : joignez le document lui-même.' }]);
    // The HTTP layer stops reading at the limit; a caller that did not is refused the same way.
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw new AttachmentTooLarge('Attachment too large', { maxBytes: MAX_ATTACHMENT_BYTES });
    const mediaType = await mediaTypeOf(file.bytes);
    if (!mediaType) throw new AttachmentTypeRefused('Not a PDF, a JPEG or a PNG', { accepted: [...ATTACHMENT_MEDIA_TYPES] });

    const now = this.clock.now();
    const dateIssues = attachmentDateIssues(metadata.data, parisDateOf(now));
    if (dateIssues.length) throw new RuleViolation(dateIssues);

    const data = metadata.data;
    const record: AttachmentRecord = {
      id: newId(),
      adhesionId,
      kind: data.kind,
      step: adhesion.stateDetail,
      fileName: sanitiseFileName(file.originalName, mediaType),
      mediaType,
      byteSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      deliberation: data.kind === 'deliberation' ? { party: data.party, number: data.number, date: data.date, transmittedOn: data.transmittedOn } : null,
      uploadedBy: actor.userId!,
      uploaderRole: actor.role,
      uploadedAt: now.toISOString(),
    };
    await this.storage.save(record, file.bytes);
    return record;
  }
}

/** The type the bytes show (their signature), if it is one accepted; null otherwise (text, an executable, a zip…). */
export async function mediaTypeOf(bytes: Buffer): Promise<AttachmentMediaType | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found && (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(found.mime) ? (found.mime as AttachmentMediaType) : null;
}
