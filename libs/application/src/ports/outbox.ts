// What the outbox holds: work to do after a commit, written in the transaction of the change it follows.
import { newId } from '../common/ids.js';
import { type OutboxRow } from './records.js';

/** The only kind with a consumer (the relay to the queue); the others are a record of what happened, born processed. */
export const RELAYED_OUTBOX_KIND = 'deadline.schedule';

export function newOutboxRows(rows: ReadonlyArray<Pick<OutboxRow, 'adhesionId' | 'kind' | 'payload'>>, at: string): OutboxRow[] {
  return rows.map((row) => ({
    id: newId(),
    adhesionId: row.adhesionId,
    kind: row.kind,
    payload: row.payload,
    attempts: 0,
    lastError: null,
    createdAt: at,
    processedAt: row.kind === RELAYED_OUTBOX_KIND ? null : at,
  }));
}
