// The state column and the audit trail must always agree: replaying an adhesion's audit events from its
// initial state yields its stored state. Used by the tests and the fault drills to prove it.
import { type AuditRow } from '../ports/records.js';
import { type Repositories } from '../ports/repositories.js';
import { applyEvent, initialState, type AdhesionEvent, type AdhesionInput, type PersistedAdhesionState } from '#workflow';

export function replayAuditTrail(rows: Array<Pick<AuditRow, 'event' | 'payload' | 'sequence'>>): PersistedAdhesionState {
  const ordered = [...rows].sort((a, b) => a.sequence - b.sequence);
  const created = ordered[0];
  if (!created || created.event !== 'CREATED') throw new Error('The trail does not start with CREATED');
  let state = initialState((created.payload.input ?? {}) as AdhesionInput);
  for (const row of ordered.slice(1)) {
    if (row.event === 'DRAFT_UPDATED') continue;
    const result = applyEvent(state, row.payload as AdhesionEvent);
    if (!result.accepted) throw new Error(`Audit event #${row.sequence} ${row.event} is refused on replay`);
    state = result.next;
  }
  return state;
}

export interface ReplayCheck {
  id: string;
  ok: boolean;
  problem?: string;
}

/** Compares each adhesion's stored state and version with the replay of its trail. */
export async function checkAgainstAuditTrail(repos: Repositories, ids?: string[]): Promise<ReplayCheck[]> {
  const adhesions = await repos.adhesions.all(ids);
  const checks: ReplayCheck[] = [];
  for (const adhesion of adhesions) {
    const rows = await repos.adhesions.history(adhesion.id);
    try {
      const replayed = replayAuditTrail(rows);
      const sameState = JSON.stringify(replayed.value) === JSON.stringify(adhesion.snapshot.value);
      const sameContext = JSON.stringify(replayed.context) === JSON.stringify(adhesion.snapshot.context);
      const sameVersion = rows.length === adhesion.version;
      checks.push({
        id: adhesion.id,
        ok: sameState && sameContext && sameVersion,
        problem: sameState && sameContext && sameVersion ? undefined : `state ${sameState}, context ${sameContext}, version ${adhesion.version} vs ${rows.length} audit rows`,
      });
    } catch (error) {
      checks.push({ id: adhesion.id, ok: false, problem: (error as Error).message });
    }
  }
  return checks;
}
