// Where the files attached to adhesions are kept. A port of its own, beside the UnitOfWork's repositories, so
// that the bytes may live elsewhere one day (an object store); the default (libs/persistence's
// DatabaseAttachmentStorage) keeps them in the database, so that SQLite and a PostgreSQL shared by several api
// processes both work with no extra server. The fast tier has an in-memory one.
import { type AttachmentKind, type AttachmentMediaType, type Party } from '#contracts';

/** What is known of one attached file; its bytes are apart (`AttachmentStorage.content`). */
export interface AttachmentRecord {
  id: string;
  adhesionId: string;
  kind: AttachmentKind;
  /** The adhesion's state when the file was attached. */
  step: string;
  /** The original name, sanitised (sanitiseFileName), with the extension of its media type. */
  fileName: string;
  /** Judged by the bytes. */
  mediaType: AttachmentMediaType;
  byteSize: number;
  sha256: string;
  /** A deliberation's council, number, date and date of transmission to the prefecture; null for the other kinds. */
  deliberation: { party: Party; number: string; date: string; transmittedOn: string } | null;
  uploadedBy: string;
  uploaderRole: string;
  uploadedAt: string;
}

export abstract class AttachmentStorage {
  /** Stores the record and its bytes together: both, or neither (one transaction in the database). */
  abstract save(record: AttachmentRecord, bytes: Buffer): Promise<void>;
  /** The records of an adhesion, oldest first (by `uploadedAt`, then id). */
  abstract list(adhesionId: string): Promise<AttachmentRecord[]>;
  /** One record of an adhesion; null when there is none of that adhesion with this id. */
  abstract get(adhesionId: string, id: string): Promise<AttachmentRecord | null>;
  /** The bytes of a stored record; null when there are none. */
  abstract content(id: string): Promise<Buffer | null>;
}
