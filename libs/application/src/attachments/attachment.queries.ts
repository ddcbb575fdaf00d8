// Reading the files attached to an adhesion: the list, one file's bytes, and their entries in the history. Only
// the two parties of the adhesion see them: the commune's secretary, and the EPCI's DGS or the agent of the
// service's pole (Scope). Anyone else, the admin included, is told the adhesion does not exist (404).
import { Injectable } from '@nestjs/common';
import { ATTACHMENT_KIND_LABELS_FR, PARTIES, type Attachment } from '#contracts';
import { epciCouncilFr } from '#documents';
import { NotFound, stateLabelFr } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Scope } from '../common/scope.js';
import { AttachmentStorage, type AttachmentRecord } from '../ports/attachments.js';
import { type AdhesionRecord } from '../ports/records.js';
import { UnitOfWork, type Repositories } from '../ports/repositories.js';

export interface AttachmentDownload {
  record: AttachmentRecord;
  bytes: Buffer;
}

const OF_PARTY_FR: Record<(typeof PARTIES)[number], string> = { commune: 'de la commune', epci: 'de l’EPCI' };

/** The French label of a state key (its leaves joined by `|`), as the history writes it. */
export function stepLabel(key: string, council: string): string {
  return key
    .split('|')
    .map((leaf) => stateLabelFr(leaf, council))
    .join(' · ');
}

@Injectable()
export class AttachmentQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly storage: AttachmentStorage,
  ) {}

  /** The adhesion, if the actor is one of its parties; else NotFound (its existence does not leak). */
  async visible(actor: Actor, adhesionId: string): Promise<AdhesionRecord> {
    const record = await this.uow.read((r) => r.adhesions.get(adhesionId));
    if (!record || !isParty(actor, record)) throw new NotFound('Adhesion not found', { id: adhesionId });
    return record;
  }

  async list(actor: Actor, adhesionId: string): Promise<Attachment[]> {
    const { epci } = await this.visible(actor, adhesionId);
    const records = await this.storage.list(adhesionId);
    return this.responses(records, epciCouncilFr(epci.nature));
  }

  async one(actor: Actor, adhesionId: string, id: string): Promise<Attachment> {
    const { epci } = await this.visible(actor, adhesionId);
    const record = await this.storage.get(adhesionId, id);
    if (!record) throw new NotFound('Attachment not found', { id });
    return (await this.responses([record], epciCouncilFr(epci.nature)))[0];
  }

  async download(actor: Actor, adhesionId: string, id: string): Promise<AttachmentDownload> {
    await this.visible(actor, adhesionId);
    const record = await this.storage.get(adhesionId, id);
    const bytes = record && (await this.storage.content(record.id));
    if (!record || !bytes) throw new NotFound('Attachment not found', { id });
    return { record, bytes };
  }

  /** The records, for a history; none for an actor who is not a party (the admin reads the trail, not the files). */
  async forHistory(actor: Actor, adhesion: AdhesionRecord): Promise<AttachmentRecord[]> {
    return isParty(actor, adhesion) ? this.storage.list(adhesion.adhesion.id) : [];
  }

  async responses(records: AttachmentRecord[], council: string): Promise<Attachment[]> {
    const names = await this.uow.read((r) => namesOf(r, records.map((record) => record.uploadedBy)));
    return records.map((record) => toAttachmentResponse(record, council, names.get(record.uploadedBy) ?? null));
  }
}

/** The secretary of the commune, the DGS of the EPCI, the agent of the service's pole. */
function isParty(actor: Actor, { adhesion, service }: AdhesionRecord): boolean {
  if (actor.role !== 'secretary' && actor.role !== 'dgs' && actor.role !== 'agent') return false;
  return Scope.of(actor).includes({ ...adhesion, servicePole: service.pole });
}

async function namesOf(r: Repositories, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const user = await r.users.byId(id);
    if (user) names.set(id, user.displayName);
  }
  return names;
}

export function attachmentLabel(record: AttachmentRecord): string {
  const kind = ATTACHMENT_KIND_LABELS_FR[record.kind];
  if (!record.deliberation) return kind;
  return `${kind} ${OF_PARTY_FR[record.deliberation.party]} n° ${record.deliberation.number}`;
}

export function toAttachmentResponse(record: AttachmentRecord, council: string, uploaderName: string | null): Attachment {
  return {
    id: record.id,
    adhesionId: record.adhesionId,
    kind: record.kind,
    kindLabel: ATTACHMENT_KIND_LABELS_FR[record.kind],
    fileName: record.fileName,
    mediaType: record.mediaType,
    byteSize: record.byteSize,
    sha256: record.sha256,
    step: record.step,
    stepLabel: stepLabel(record.step, council),
    deliberation: record.deliberation,
    uploadedBy: { id: record.uploadedBy, name: uploaderName, role: record.uploaderRole },
    uploadedAt: record.uploadedAt,
    downloadUrl: `/api/adhesions/${encodeURIComponent(record.adhesionId)}/attachments/${encodeURIComponent(record.id)}/content`,
  };
}
