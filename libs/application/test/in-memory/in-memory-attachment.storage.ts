// The fast tier's AttachmentStorage: records and bytes in maps, both stored or neither.
import { AttachmentStorage, type AttachmentRecord } from '../../src/ports/attachments.js';

export class InMemoryAttachmentStorage extends AttachmentStorage {
  readonly records = new Map<string, AttachmentRecord>();
  readonly bytes = new Map<string, Buffer>();

  async save(record: AttachmentRecord, bytes: Buffer): Promise<void> {
    if (this.records.has(record.id)) throw new Error(`Attachment ${record.id} already stored`);
    this.records.set(record.id, structuredClone(record));
    this.bytes.set(record.id, Buffer.from(bytes));
  }

  async list(adhesionId: string): Promise<AttachmentRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.adhesionId === adhesionId)
      .sort((a, b) => (a.uploadedAt === b.uploadedAt ? (a.id < b.id ? -1 : 1) : a.uploadedAt < b.uploadedAt ? -1 : 1))
      .map((r) => structuredClone(r));
  }

  async get(adhesionId: string, id: string): Promise<AttachmentRecord | null> {
    const record = this.records.get(id);
    return record && record.adhesionId === adhesionId ? structuredClone(record) : null;
  }

  async content(id: string): Promise<Buffer | null> {
    const bytes = this.bytes.get(id);
    return bytes ? Buffer.from(bytes) : null;
  }
}
