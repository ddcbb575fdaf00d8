// The state of an adhesion as the lists and the page name it. A convention signed by both parties is `active` from
// its signature, but it is not in force before its start date: until then it reads « Signée — en vigueur à compter
// du 1er janvier 2028 », never « Convention active ».
import { formatDateFr } from '#documents';
import { type CivilDate } from '#domain';
import { STATE_LABELS_FR } from '#workflow';

/** A signed convention whose start date is still to come: the one rule of the lists, the page and the members view. */
export const signedNotStarted = (state: string, startDate: CivilDate | null, today: CivilDate): boolean =>
  state === 'active' && startDate !== null && startDate > today;

export function stateLabelOn(state: string, startDate: CivilDate | null, today: CivilDate | null): string {
  if (today !== null && startDate !== null && signedNotStarted(state, startDate, today)) return `Signée — en vigueur à compter du ${formatDateFr(startDate)}`;
  return STATE_LABELS_FR[state] ?? state;
}
