// Which reminders an adhesion is owed at a given instant. Pure: the worker asks, then writes one ledger
// row per reminder (unique per adhesion, cycle, kind, offset) in the transaction that decides to send it.
import { anniversary, compareCivil, parisDateOf, reminderSchedule, type CivilDate } from '#domain';
import { CONVENTION_YEARS } from './adhesion.machine.js';
import { isFinal, leafStates, type PersistedAdhesionState } from './snapshot.js';

export type ReminderKind = 'renewal_reminder' | 'renewal_escalation' | 'validation_pending' | 'term_reminder';
export type Recipient = 'commune' | 'epci' | 'both';

export interface DueReminder {
  kind: ReminderKind;
  recipient: Recipient;
  /** The contract year whose anniversary is coming: part of the reminder's identity. */
  cycle: number;
  offset: number;
  anniversary: CivilDate;
  dueAt: Date;
}

/** Escalation to the DGS when the commune has not confirmed 30 days before the anniversary. */
export const ESCALATION_OFFSET_DAYS = 30;
/** To the DGS when a confirmed renewal still waits for validation 15 days before the anniversary. */
export const VALIDATION_REMINDER_OFFSET_DAYS = 15;

/**
 * « Renouveler la convention »: days before the third anniversary (the term's end, which no renewal passes)
 * when both parties are told, about 6 months, 3 months and 1 month before. The next convention needs a proposal,
 * both councils' deliberations (a municipal council meets at least once a quarter, CGCT L2121-7), the comité
 * social territorial for a service commun, and both signatures before the term, so that the service does not
 * stop (DOMAIN.md: « the parties usually sign the next one before that »): 6 months leaves room for a quarterly
 * sitting of each council, 3 months is the last one, 1 month the signatures.
 */
export const TERM_REMINDER_OFFSETS_DAYS: readonly number[] = [180, 90, 30];

/** The anniversary that ends the current contract year, while the convention is active. */
export function currentAnniversary(state: Pick<PersistedAdhesionState, 'value' | 'context'>): CivilDate | null {
  const { startDate, year } = state.context;
  if (!startDate || year < 1 || isFinal(state.value)) return null;
  return anniversary(startDate, Math.min(year, CONVENTION_YEARS));
}

/**
 * Every reminder whose day has come (at 09:00 in Paris) and whose anniversary has not passed.
 * The caller sends, per kind, only the latest of those not yet in the ledger (the older ones are
 * superseded: a secretary back from holidays gets one reminder, not four).
 */
export function dueReminders(
  state: Pick<PersistedAdhesionState, 'value' | 'context'>,
  offsets: readonly number[],
  now: Date,
): DueReminder[] {
  const anniversaryDate = currentAnniversary(state);
  if (!anniversaryDate || state.context.year >= CONVENTION_YEARS) return [];
  if (compareCivil(parisDateOf(now), anniversaryDate) >= 0) return [];
  const term = leafStates(state.value).find((leaf) => leaf.startsWith('active.term.'))?.slice('active.term.'.length);
  const cycle = state.context.year;
  const unconfirmed = term === 'inForce' || term === 'renewalDue';
  const schedule = (kind: ReminderKind, recipient: Recipient, list: readonly number[]): DueReminder[] =>
    reminderSchedule(anniversaryDate, list)
      .filter((r) => r.at.getTime() <= now.getTime())
      .map((r) => ({ kind, recipient, cycle, offset: r.offset, anniversary: anniversaryDate, dueAt: r.at }));
  if (unconfirmed) {
    return [
      ...schedule('renewal_reminder', 'commune', offsets),
      ...schedule('renewal_escalation', 'epci', [ESCALATION_OFFSET_DAYS]),
    ];
  }
  if (term === 'renewalConfirmed') return schedule('validation_pending', 'epci', [VALIDATION_REMINDER_OFFSET_DAYS]);
  return [];
}

/**
 * The « renouveler la convention » reminders whose day has come (at 09:00 in Paris) in the last contract year
 * of a convention in force, before its term. Not under notice nor once an end by agreement is settled: the
 * convention ends earlier. The caller skips them once a successor renews the convention, and sends only the
 * latest not yet in the ledger.
 */
export function dueTermReminders(state: Pick<PersistedAdhesionState, 'value' | 'context'>, now: Date): DueReminder[] {
  const termEnd = currentAnniversary(state);
  if (!termEnd || state.context.year < CONVENTION_YEARS) return [];
  if (compareCivil(parisDateOf(now), termEnd) >= 0) return [];
  if (!leafStates(state.value).includes('active.term.inForce')) return [];
  return reminderSchedule(termEnd, TERM_REMINDER_OFFSETS_DAYS)
    .filter((r) => r.at.getTime() <= now.getTime())
    .map((r) => ({ kind: 'term_reminder', recipient: 'both', cycle: CONVENTION_YEARS, offset: r.offset, anniversary: termEnd, dueAt: r.at }));
}
