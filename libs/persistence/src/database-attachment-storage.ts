// The default AttachmentStorage: the bytes in the database, beside their record, so that SQLite and a PostgreSQL
// shared by several api processes both work with no extra server. The record and the bytes are written in one
// transaction; reads and writes go through the unit of work's lane (on SQLite every one runs alone).
import { type EntityManager } from 'typeorm';
import { AttachmentStorage, type AttachmentRecord } from '../../application/src/ports/attachments.js';
import { type UnitOfWork } from './unit-of-work.js';

interface AttachmentRow {
  id: string;
  adhesion_id: string;
  kind: string;
  step: string;
  file_name: string;
  media_type: string;
  byte_size: number | string;
  sha256: string;
  deliberation_party: string | null;
  deliberation_number: string | null;
  deliberation_date: string | null;
  transmitted_on: string | null;
  uploaded_by: string;
  uploader_role: string;
  uploaded_at: string;
}

const COLUMNS = [
  'id',
  'adhesion_id',
  'kind',
  'step',
  'file_name',
  'media_type',
  'byte_size',
  'sha256',
  'deliberation_party',
  'deliberation_number',
  'deliberation_date',
  'transmitted_on',
  'uploaded_by',
  'uploader_role',
  'uploaded_at',
] as const;

export class DatabaseAttachmentStorage extends AttachmentStorage {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  /** `$1, $2…` on PostgreSQL, `?` on SQLite. */
  private marks(count: number): string {
    return Array.from({ length: count }, (_, i) => (this.unitOfWork.dialect === 'postgres' ? `$${i + 1}` : '?')).join(', ');
  }

  private mark(index: number): string {
    return this.unitOfWork.dialect === 'postgres' ? `$${index}` : '?';
  }

  async save(record: AttachmentRecord, bytes: Buffer): Promise<void> {
    const d = record.deliberation;
    const values = [
      record.id,
      record.adhesionId,
      record.kind,
      record.step,
      record.fileName,
      record.mediaType,
      record.byteSize,
      record.sha256,
      d?.party ?? null,
      d?.number ?? null,
      d?.date ?? null,
      d?.transmittedOn ?? null,
      record.uploadedBy,
      record.uploaderRole,
      record.uploadedAt,
    ];
    await this.unitOfWork.write(async (manager: EntityManager) => {
      await manager.query(`INSERT INTO attachment (${COLUMNS.join(', ')}) VALUES (${this.marks(COLUMNS.length)})`, values);
      await manager.query(`INSERT INTO attachment_content (attachment_id, bytes) VALUES (${this.marks(2)})`, [record.id, bytes]);
    });
  }

  list(adhesionId: string): Promise<AttachmentRecord[]> {
    return this.unitOfWork.read(async (manager) => {
      const rows: AttachmentRow[] = await manager.query(
        `SELECT ${COLUMNS.join(', ')} FROM attachment WHERE adhesion_id = ${this.mark(1)} ORDER BY uploaded_at, id`,
        [adhesionId],
      );
      return rows.map(toRecord);
    });
  }

  get(adhesionId: string, id: string): Promise<AttachmentRecord | null> {
    return this.unitOfWork.read(async (manager) => {
      const rows: AttachmentRow[] = await manager.query(
        `SELECT ${COLUMNS.join(', ')} FROM attachment WHERE adhesion_id = ${this.mark(1)} AND id = ${this.mark(2)}`,
        [adhesionId, id],
      );
      return rows.length ? toRecord(rows[0]) : null;
    });
  }

  content(id: string): Promise<Buffer | null> {
    return this.unitOfWork.read(async (manager) => {
      const rows: Array<{ bytes: Buffer | Uint8Array }> = await manager.query(`SELECT bytes FROM attachment_content WHERE attachment_id = ${this.mark(1)}`, [id]);
      if (!rows.length) return null;
      const bytes = rows[0].bytes;
      return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    });
  }
}

function toRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    adhesionId: row.adhesion_id,
    kind: row.kind as AttachmentRecord['kind'],
    step: row.step,
    fileName: row.file_name,
    mediaType: row.media_type as AttachmentRecord['mediaType'],
    byteSize: Number(row.byte_size),
    sha256: row.sha256,
    deliberation:
      row.deliberation_party === null
        ? null
        : {
            party: row.deliberation_party as 'commune' | 'epci',
            number: row.deliberation_number ?? '',
            date: row.deliberation_date ?? '',
            transmittedOn: row.transmitted_on ?? '',
          },
    uploadedBy: row.uploaded_by,
    uploaderRole: row.uploader_role,
    uploadedAt: row.uploaded_at,
  };
}
