// The one way to build a ledger row: each notification kind with the payload its French template reads.
// Used by the use cases, the sweep, the seed, the tests and the bench alike.
import { type CivilDate } from '#domain';
import { newId } from '../common/ids.js';
import { type LedgerRecipient, type LedgerRow, type LedgerStatus } from '../ports/records.js';

/** What the other party is told of a move (notifications/handover.ts). */
export interface HandOverPayload {
  event: string;
  eventLabel: string;
  by: 'commune' | 'epci';
  on: CivilDate;
  stateLabel: string;
  action: string | null;
  withAgents: boolean;
  effectiveDate?: CivilDate;
  reason?: string;
  question?: string;
}

export interface NotificationPayloads {
  turn_to_act: HandOverPayload;
  question_asked: HandOverPayload;
  deliberation_recorded: HandOverPayload;
  convention_signed: HandOverPayload;
  notice_given: HandOverPayload;
  file_closed: HandOverPayload;
  renewal_reminder: { anniversary: CivilDate; offset: number; year: number };
  renewal_escalation: { anniversary: CivilDate; offset: number; year: number };
  validation_pending: { anniversary: CivilDate; offset: number; year: number };
  convention_lapsed: EndingPayload;
  convention_ended: EndingPayload;
  convention_terminated: EndingPayload;
  /** The EPCI refused this year's renewal: the commune is told at once. */
  renewal_refused: { anniversary: CivilDate; reason: string };
  /** A party proposed a termination by mutual agreement: the other one is asked. */
  termination_proposed: { effectiveDate: CivilDate; reason: string; proposedBy: 'commune' | 'epci' };
  /** Before the third anniversary: « renouveler la convention », to both parties. */
  term_reminder: { termEnd: CivilDate; offset: number };
  epci_waiting: { since: CivilDate; workingDays: number; state: string };
  unit_cost_deadline: { year: number; deadline: CivilDate; offset: number; services: string[] };
  unit_cost_notified: { year: number; on: CivilDate; costModel: 'unit' | 'keys'; costCents: number };
  units_missing: { year: number; period: number; periodicity: string; from: CivilDate; to: CivilDate };
  unit_cost_first_year: { year: number; signedOn: CivilDate; deadline: CivilDate; offset: number };
}
export type NotificationKind = keyof NotificationPayloads;

/**
 * How a convention ended: the day, the event that ended it, and (absent in the rows written before) why: the
 * EPCI refused the renewal, the commune declined it, notice, or a termination by mutual agreement.
 */
export interface EndingPayload {
  on: CivilDate;
  event: string;
  cause?: 'renewal_refused' | 'renewal_declined' | 'notice' | 'agreement';
  reason?: string;
}

export type LedgerRowInput<K extends NotificationKind> = {
  kind: K;
  payload: NotificationPayloads[K];
  cycle: number;
  offsetDays: number;
  recipient: LedgerRecipient;
  dueAt: string;
  status?: Extract<LedgerStatus, 'pending' | 'superseded'>;
} & ({ adhesionId: string; epciSiren?: null } | { adhesionId?: null; epciSiren: string });

export function newLedgerRow<K extends NotificationKind>(input: LedgerRowInput<K>, createdAt: string): LedgerRow {
  return {
    id: newId(),
    adhesionId: input.adhesionId ?? null,
    epciSiren: input.epciSiren ?? null,
    cycle: input.cycle,
    kind: input.kind,
    offsetDays: input.offsetDays,
    recipient: input.recipient,
    status: input.status ?? 'pending',
    dueAt: input.dueAt,
    attempts: 0,
    lastError: null,
    payload: { ...input.payload },
    createdAt,
    sentAt: null,
  };
}
