// Every event variant a test may throw at the machine at a given instant: valid and invalid payloads,
// both parties, every time event. Written independently of allowed-events.ts, which it is used to check.
import { addDays, earliestNoticeEffectiveDate, parisDateOf } from '#domain';
import { type AdhesionEvent, type Party, type Role } from '../src/events.js';

export interface Candidate {
  role: Role;
  event: AdhesionEvent;
}

export function candidates(at: string, noticePeriodMonths = 6): Candidate[] {
  const today = parisDateOf(at);
  const ev = (role: Role, event: object): Candidate => ({ role, event: { ...event, at } as AdhesionEvent });
  const byParty = (party: Party): Role => (party === 'commune' ? 'secretary' : 'dgs');
  const list: Candidate[] = [
    ev('secretary', { type: 'SUBMIT' }),
    ev('secretary', { type: 'WITHDRAW', reason: 'Plus besoin' }),
    ev('secretary', { type: 'PROVIDE_INFO', answer: 'Quarante permis' }),
    ev('secretary', { type: 'PROVIDE_INFO', answer: '' }),
    ev('secretary', { type: 'ACCEPT_PROPOSAL' }),
    ev('secretary', { type: 'REQUEST_CHANGES', comment: 'Moins cher' }),
    ev('secretary', { type: 'DECLINE_PROPOSAL' }),
    ev('secretary', { type: 'CONFIRM_RENEWAL', plannedUnits: 42.25 }),
    ev('secretary', { type: 'CONFIRM_RENEWAL', plannedUnits: -1 }),
    ev('secretary', { type: 'DECLINE_RENEWAL' }),
    ev('dgs', { type: 'ACKNOWLEDGE' }),
    ev('dgs', { type: 'DECLARE_INADMISSIBLE', reason: 'Hors périmètre' }),
    ev('dgs', { type: 'DECLARE_INADMISSIBLE' }),
    ev('agent', { type: 'REQUEST_INFO', question: 'Volume annuel ?' }),
    ev('dgs', { type: 'REQUEST_INFO', question: 'Volume annuel ?' }),
    ev('agent', { type: 'SUBMIT_STUDY', forecastUnits: 40, staffImpact: false }),
    ev('agent', { type: 'SUBMIT_STUDY', forecastUnits: 12.5, staffImpact: true, notes: 'Un agent transféré' }),
    ev('agent', { type: 'SUBMIT_STUDY', forecastUnits: 12.5 }),
    ev('dgs', { type: 'SUBMIT_STUDY', forecastUnits: 3, staffImpact: false }),
    ev('dgs', { type: 'APPROVE_STUDY' }),
    ev('dgs', { type: 'REVISE_STUDY', comment: 'Revoir les volumes' }),
    ev('dgs', { type: 'REJECT', reason: 'Service saturé' }),
    ev('dgs', { type: 'ISSUE_PROPOSAL', unitCostCents: 15_000, forecastUnits: 40, startDate: addDays(today, 45), validUntil: addDays(today, 30) }),
    ev('dgs', { type: 'ISSUE_PROPOSAL', unitCostCents: 15_000.5, forecastUnits: 40, startDate: addDays(today, 45), validUntil: addDays(today, 30) }),
    ev('dgs', { type: 'ISSUE_PROPOSAL', unitCostCents: 15_000, forecastUnits: 40, startDate: addDays(today, 45), validUntil: addDays(today, -1) }),
    ev('dgs', { type: 'RECORD_CST_OPINION', opinion: 'favourable', date: today }),
    ev('dgs', { type: 'RECORD_CST_OPINION', opinion: 'unfavourable', date: addDays(today, 1) }),
    ev('dgs', { type: 'VALIDATE_RENEWAL' }),
    ev('dgs', { type: 'REFUSE_RENEWAL', reason: 'Le service ne peut plus être assuré' }),
    ev('dgs', { type: 'REFUSE_RENEWAL' }),
    ev('system', { type: 'RENEWAL_WINDOW_OPENED' }),
    ev('system', { type: 'ANNIVERSARY_PASSED' }),
    ev('system', { type: 'PROPOSAL_EXPIRED' }),
    ev('system', { type: 'NOTICE_EFFECTIVE' }),
    ev('system', { type: 'TERM_ENDED' }),
    ev('system', { type: 'TERMINATION_EFFECTIVE' }),
  ];
  for (const party of ['commune', 'epci'] as const) {
    const role = byParty(party);
    list.push(
      ev(role, { type: 'RECORD_DELIBERATION', party, outcome: 'adopted', number: `${party}-1`, date: today }),
      ev(role, { type: 'RECORD_DELIBERATION', party, outcome: 'refused', number: `${party}-2`, date: today }),
      ev(role, { type: 'RECORD_DELIBERATION', party, outcome: 'adopted', number: `${party}-3`, date: addDays(today, 3) }),
      ev(role, { type: 'SIGN', party, signatoryName: 'A. Martin', signatoryQuality: party === 'commune' ? 'Maire' : 'Président', date: today }),
      ev(role, { type: 'SIGN', party, signatoryName: '', signatoryQuality: 'Maire', date: today }),
      ev(role, { type: 'PROPOSE_AMENDMENT', party, terms: { unitCostCents: 16_000, forecastUnits: 45, description: 'Ajout des CUa' } }),
      ev(role, { type: 'ACCEPT_AMENDMENT', party }),
      ev(role, { type: 'REFUSE_AMENDMENT', party, reason: 'Trop cher' }),
      ev(role, { type: 'GIVE_NOTICE', party, reason: 'Rupture de l’équilibre financier', effectiveDate: earliestNoticeEffectiveDate(today, noticePeriodMonths) }),
      ev(role, { type: 'GIVE_NOTICE', party, reason: 'Rupture de l’équilibre financier', effectiveDate: addDays(earliestNoticeEffectiveDate(today, noticePeriodMonths), -1) }),
      ev(role, { type: 'GIVE_NOTICE', party, reason: 'court', effectiveDate: addDays(today, 400) }),
      ev(role, { type: 'PROPOSE_TERMINATION', party, reason: 'D’un commun accord', effectiveDate: addDays(today, 1) }),
      ev(role, { type: 'PROPOSE_TERMINATION', party, reason: 'D’un commun accord', effectiveDate: addDays(today, -1) }),
      ev(role, { type: 'ACCEPT_TERMINATION', party }),
      ev(role, { type: 'REFUSE_TERMINATION', party }),
    );
  }
  return list;
}
