// The state of an adhesion as the lists and the page name it. A convention signed by both parties is `active` from
// its signature, but it is not in force before its start date: until then it reads « Signée — en vigueur à compter
// du 1er janvier 2028 », never « Convention active », and the counts put it apart from the active ones.
import { formatDateFr } from '#documents';
import { type CivilDate } from '#domain';
import { STATE_LABELS_FR } from '#workflow';

/** A signed convention whose start date is still to come: the one rule of the lists, the page, the members view and the counts. */
export const signedNotStarted = (state: string, startDate: CivilDate | null, today: CivilDate): boolean =>
  state === 'active' && startDate !== null && startDate > today;

export function stateLabelOn(state: string, startDate: CivilDate | null, today: CivilDate | null): string {
  if (today !== null && startDate !== null && signedNotStarted(state, startDate, today)) return `Signée — en vigueur à compter du ${formatDateFr(startDate)}`;
  return STATE_LABELS_FR[state] ?? state;
}

/** The group a count puts a signed convention not started yet in, apart from the active ones. */
export const SIGNED_NOT_STARTED = 'signed_not_started';

/** The state under which a count puts an adhesion on `today`, and its label. */
export function countedState(state: string, startDate: CivilDate | null, today: CivilDate): { state: string; stateLabel: string } {
  return signedNotStarted(state, startDate, today) ? { state: SIGNED_NOT_STARTED, stateLabel: 'Signée, à venir' } : { state, stateLabel: STATE_LABELS_FR[state] ?? state };
}
