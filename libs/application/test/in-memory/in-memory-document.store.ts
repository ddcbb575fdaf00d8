// The trail of generated documents, in memory.
import { type DocumentRecord, type DocumentStore } from '../../src/ports/index.js';
import { clone, compareText, type Tx } from './in-memory-tables.js';

export class InMemoryDocumentStore implements DocumentStore {
  constructor(private readonly tx: Tx) {}

  async record(row: DocumentRecord): Promise<void> {
    this.tx.insert('documents', row);
  }

  /** An adhesion's documents, oldest first (ties in insertion order, as the SQL one). */
  async trail(adhesionId: string): Promise<DocumentRecord[]> {
    return [...this.tx.rows.documents.values()]
      .filter((d) => d.adhesionId === adhesionId)
      .sort((a, b) => compareText(a.at, b.at))
      .map(clone);
  }

  async recordedSince(row: Pick<DocumentRecord, 'adhesionId' | 'kind' | 'actorId' | 'sha256'>, since: string): Promise<boolean> {
    return [...this.tx.rows.documents.values()].some(
      (d) => d.adhesionId === row.adhesionId && d.kind === row.kind && d.sha256 === row.sha256 && (row.actorId === null || d.actorId === row.actorId) && d.at >= since,
    );
  }
}
