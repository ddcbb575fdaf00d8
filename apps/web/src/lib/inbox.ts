// The inbox's rules on the client, for a server without GET /api/inbox: who an adhesion waits on, by its
// detailed states, and the order (overdue first, then by deadline, then the longest waiting).
import type { Adhesion, InboxItem } from '../api';

const EPCI_WAITS = [
  'submitted',
  'study.inProgress',
  'study.awaitingReview',
  'proposal.drafting',
  'deliberations.cstOpinion',
  'deliberations.councils.epci.pending',
  'signature.president.pending',
  'active.term.renewalConfirmed',
];
const COMMUNE_WAITS = [
  'draft',
  'study.awaitingCommune',
  'proposal.awaitingCommune',
  'deliberations.councils.commune.pending',
  'signature.mayor.pending',
  'active.term.renewalDue',
];
/** Actions always open on a convention in force: they are not "waiting". */
export const STANDING_ACTIONS = ['GIVE_NOTICE', 'PROPOSE_AMENDMENT', 'WITHDRAW'];
/** The DGS is reminded when a step waits on them this long (the `validation_pending` reminder). */
export const VALIDATION_PENDING_DAYS = 15;

export function waitingOf(adhesion: Adhesion): 'epci' | 'commune' | null {
  const leaves = adhesion.stateDetail.map((s) => s.id);
  const amendmentBy = adhesion.details.amendment?.proposedBy;
  if (leaves.some((id) => EPCI_WAITS.includes(id)) || (leaves.includes('active.amendment.pending') && amendmentBy === 'commune')) return 'epci';
  if (leaves.some((id) => COMMUNE_WAITS.includes(id)) || (leaves.includes('active.amendment.pending') && amendmentBy === 'epci')) return 'commune';
  return null;
}

export function sortInbox(items: InboxItem[]): InboxItem[] {
  const key = (item: InboxItem) => item.nextDeadline?.at ?? '9999';
  return [...items].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || key(a).localeCompare(key(b)) || a.waitingSince.localeCompare(b.waitingSince),
  );
}
