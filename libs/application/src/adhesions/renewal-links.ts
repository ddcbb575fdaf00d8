// « Renouveler la convention »: when a convention may be renewed at its term, and the links between a convention
// and the adhesion that renews it, as the responses show them.
import { CONVENTION_YEARS, isFinal, leafStates, type PersistedAdhesionState } from '#workflow';
import { type RuleIssue } from '#domain';
import { type ActorRole } from '../common/actor.js';
import { type Adhesion } from '../ports/records.js';
import { type Repositories } from '../ports/repositories.js';
import { type AdhesionResponse } from './adhesion.response.js';

/** The roles that may renew a convention: the commune's secretary and the EPCI's DGS. */
export const RENEWING_ROLES: readonly ActorRole[] = ['secretary', 'dgs'];

/**
 * Why this convention cannot be renewed now, or null: only in its last contract year, in force (not under
 * notice, nor ending by agreement), and when no live successor renews it already.
 */
export function renewalRefusal(state: Pick<PersistedAdhesionState, 'value' | 'context'>, successor: Adhesion | null): RuleIssue | null {
  const inForce = leafStates(state.value).includes('active.term.inForce');
  if (!inForce || state.context.year < CONVENTION_YEARS) {
    return {
      field: 'id',
      code: 'not_in_last_year',
      message: 'Une convention se renouvelle pendant sa dernière année, tant qu’elle est en vigueur (ni préavis ni résiliation en cours).',
    };
  }
  if (successor && !isFinal(successor.snapshot.value as never)) {
    return { field: 'id', code: 'already_renewed', message: 'Cette convention est déjà renouvelée : une nouvelle convention est en cours pour cette commune et ce service.' };
  }
  return null;
}

/** The response with its links: the adhesion it renews, the one renewing it, and whether the caller may renew it now. */
export async function withRenewalLinks(r: Repositories, response: AdhesionResponse, adhesion: Adhesion, role: ActorRole): Promise<AdhesionResponse> {
  const successor = adhesion.state === 'active' || isFinal(adhesion.state as never) ? await r.adhesions.successorOf(adhesion.id) : null;
  const state = adhesion.snapshot as unknown as PersistedAdhesionState;
  return {
    ...response,
    renews: adhesion.renews ?? null,
    renewedBy: successor?.id ?? null,
    canRenew: RENEWING_ROLES.includes(role) && adhesion.state === 'active' && renewalRefusal(state, successor) === null,
  };
}
