// The state column and the audit trail must always agree: replaying an adhesion's audit events from its
// initial state yields its stored state. Used by the tests and the fault drills to prove it.
import { type AuditRow } from '../ports/records.js';
import { type Repositories } from '../ports/repositories.js';
import { applyEvent, initialState, type AdhesionEvent, type AdhesionInput, type Party, type PersistedAdhesionState, type Terms } from '#workflow';

export function replayAuditTrail(rows: Array<Pick<AuditRow, 'event' | 'payload' | 'sequence'> & { toState?: string }>): PersistedAdhesionState {
  const ordered = [...rows].sort((a, b) => a.sequence - b.sequence);
  const created = ordered[0];
  if (!created || created.event !== 'CREATED') throw new Error('The trail does not start with CREATED');
  let state = initialState((created.payload.input ?? {}) as AdhesionInput);
  for (const row of ordered.slice(1)) {
    if (row.event === 'DRAFT_UPDATED') continue;
    const legacy = legacyAmendmentStep(state, row);
    if (legacy) {
      state = legacy;
      continue;
    }
    const result = applyEvent(state, row.payload as AdhesionEvent);
    if (!result.accepted) throw new Error(`Audit event #${row.sequence} ${row.event} is refused on replay`);
    state = result.next;
  }
  return state;
}

/**
 * The amendments of the trails written before the avenant was a sub-process: a proposal without an effective
 * date, and its acceptance that applied the terms at once (its row's `to_state` shows the amendment region back
 * at `none`). The machine no longer takes those steps, so their effect is replayed here as the old machine
 * wrote it. An old proposal accepted since goes through the machine's new steps (its row's state is not `none`).
 */
function legacyAmendmentStep(state: PersistedAdhesionState, row: Pick<AuditRow, 'event' | 'payload'> & { toState?: string }): PersistedAdhesionState | null {
  const value = state.value as { active?: { term: string; amendment: string } };
  if (!value.active) return null;
  const payload = row.payload as { party?: Party; terms?: Terms; effectiveDate?: string };
  if (row.event === 'PROPOSE_AMENDMENT' && payload.effectiveDate === undefined && payload.party && payload.terms && value.active.amendment === 'none') {
    return {
      ...state,
      value: { active: { ...value.active, amendment: 'pending' } },
      context: { ...state.context, amendment: { proposedBy: payload.party, terms: payload.terms } },
    };
  }
  const amendment = state.context.amendment;
  if (
    row.event === 'ACCEPT_AMENDMENT' &&
    amendment &&
    amendment.effectiveDate === undefined &&
    value.active.amendment === 'pending' &&
    row.toState?.split('|').includes('active.amendment.none')
  ) {
    return {
      ...state,
      value: { active: { ...value.active, amendment: 'none' } },
      context: { ...state.context, terms: amendment.terms, amendment: null },
    };
  }
  return null;
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
