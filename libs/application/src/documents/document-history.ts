// The generated documents as entries of an adhesion's history, beside the machine's audit events.
import { DOCUMENT_KIND_LABELS_FR, isDocumentKind } from '#documents';
import { type DocumentRecord } from '../ports/records.js';

/** A document changes no state: its from/to state is the state the adhesion was in when it was generated. */
export interface DocumentHistoryEntry {
  /** Documents are outside the adhesion's versions: no sequence. */
  sequence: null;
  event: 'DOCUMENT_GENERATED';
  label: string;
  payload: { kind: string; sha256: string; byteSize: number };
  actorId: string | null;
  role: string;
  fromState: string | null;
  fromStateLabel: string | null;
  toState: string | null;
  toStateLabel: string | null;
  at: string;
}

interface HistoryEvent {
  at: string;
  toState: string;
  toStateLabel: string;
}

function documentHistoryEntry(row: DocumentRecord, state: HistoryEvent | undefined): DocumentHistoryEntry {
  return {
    sequence: null,
    event: 'DOCUMENT_GENERATED',
    label: `Document généré : ${isDocumentKind(row.kind) ? DOCUMENT_KIND_LABELS_FR[row.kind] : row.kind}`,
    payload: { kind: row.kind, sha256: row.sha256, byteSize: row.byteSize },
    actorId: row.actorId,
    role: row.role,
    fromState: state?.toState ?? null,
    fromStateLabel: state?.toStateLabel ?? null,
    toState: state?.toState ?? null,
    toStateLabel: state?.toStateLabel ?? null,
    at: row.at,
  };
}

/**
 * Merges the document rows, by `at`, into the audit events, whose order (by sequence) is kept as it is: a
 * document goes before the first event that happened strictly after it.
 */
export function withDocuments<E extends HistoryEvent>(events: E[], documents: DocumentRecord[]): Array<E | DocumentHistoryEntry> {
  const pending = [...documents].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const merged: Array<E | DocumentHistoryEntry> = [];
  let next = 0;
  let last: E | undefined;
  for (const event of events) {
    while (next < pending.length && pending[next].at < event.at) merged.push(documentHistoryEntry(pending[next++], last));
    merged.push(event);
    last = event;
  }
  return merged.concat(pending.slice(next).map((row) => documentHistoryEntry(row, last)));
}
