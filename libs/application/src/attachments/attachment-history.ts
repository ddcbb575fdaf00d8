// The attached files as entries of an adhesion's history, beside the machine's events and the documents generated.
import { type HistoryEntry } from '#contracts';
import { type AttachmentRecord } from '../ports/attachments.js';
import { attachmentLabel, stepLabel } from './attachment.queries.js';

/** An attachment changes no state: its from/to state is the step it was attached at. */
function attachmentHistoryEntry(record: AttachmentRecord, council: string): HistoryEntry {
  const label = stepLabel(record.step, council);
  return {
    sequence: null,
    event: 'ATTACHMENT_ADDED',
    label: `Pièce jointe : ${attachmentLabel(record)}`,
    payload: {
      attachmentId: record.id,
      kind: record.kind,
      fileName: record.fileName,
      mediaType: record.mediaType,
      byteSize: record.byteSize,
      sha256: record.sha256,
      ...(record.deliberation && { deliberation: record.deliberation }),
    },
    actorId: record.uploadedBy,
    role: record.uploaderRole,
    fromState: record.step,
    fromStateLabel: label,
    toState: record.step,
    toStateLabel: label,
    at: record.uploadedAt,
  };
}

/** Merges the attachments, by their instant, into the history, whose order is kept: each goes before the first entry strictly after it. */
export function withAttachments<E extends { at: string }>(entries: E[], records: AttachmentRecord[], council: string): Array<E | HistoryEntry> {
  const pending = [...records].sort((a, b) => (a.uploadedAt < b.uploadedAt ? -1 : a.uploadedAt > b.uploadedAt ? 1 : 0));
  const merged: Array<E | HistoryEntry> = [];
  let next = 0;
  for (const entry of entries) {
    while (next < pending.length && pending[next].uploadedAt < entry.at) merged.push(attachmentHistoryEntry(pending[next++], council));
    merged.push(entry);
  }
  return merged.concat(pending.slice(next).map((record) => attachmentHistoryEntry(record, council)));
}
