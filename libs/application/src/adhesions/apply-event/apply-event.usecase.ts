// One event on one adhesion: load, check role and scope, compute with the machine, then in ONE transaction
// the compare-and-swap of the adhesion, its audit row and its outbox rows. Human and time events alike.
import { Injectable } from '@nestjs/common';
import { parisDateOf, type CivilDate, type RuleIssue } from '#domain';
import {
  acceptedButForDates,
  allowedOnce,
  applyEvent,
  currentOptions,
  currentAnniversary,
  leafStates,
  dateViolations,
  Forbidden,
  InvalidInput,
  isEventType,
  isFinal,
  maySend,
  nextDeadline,
  NotFound,
  PARTY_EVENT_TYPES,
  PARTY_OF_ROLE,
  parseEvent,
  restoreSnapshot,
  RuleViolation,
  StaleVersion,
  stateKey,
  TransitionNotAllowed,
  type EventType,
  type PersistedAdhesionState,
  type Role,
} from '#workflow';
import { type Actor } from '../../common/actor.js';
import { AfterCommit } from '../../common/after-commit.js';
import { Clock } from '../../common/clock.js';
import { ConcurrentIdempotentRequest, rememberAnswer } from '../../common/idempotency.js';
import { Scope } from '../../common/scope.js';
import { handOverRow } from '../../notifications/handover.js';
import { newLedgerRow, type EndingPayload, type NotificationKind } from '../../notifications/ledger-row.js';
import { type LedgerRow } from '../../ports/records.js';
import { type Adhesion } from '../../ports/records.js';
import { newOutboxRows, RELAYED_OUTBOX_KIND } from '../../ports/outbox.js';
import { UniqueViolation, UnitOfWork } from '../../ports/repositories.js';
import { changedColumns, currentForecast, liveKeyOf, stateColumns } from '../adhesion-row.js';
import { toAdhesionResponse, type AdhesionResponse } from '../adhesion.response.js';
import { notifiedYearsOf } from '../../documents/document-sources.js';
import { type ApplyEventCommand } from './apply-event.command.js';
import { withRenewalLinks } from '../renewal-links.js';

/** The notification both parties get when a convention ends, by final state. */
/**
 * The day a convention ended, from the machine's state and not from the clock that delivered the event: the
 * anniversary of a lapse or of the term, the effective date of a notice, even when a sweep ran late.
 */
function endingDate(before: Parameters<typeof nextDeadline>[0], type: string, at: string): CivilDate {
  const due = nextDeadline(before);
  return due && due.kind === type ? due.dueOn : parisDateOf(at);
}

/** An avenant changes something, and only among the options its service offers. */
function amendmentScopeIssues(
  event: { terms?: { unitCostCents: number; forecastUnits: number; description: string; periodicity?: string; costRevision?: string }; options?: string[] },
  context: Parameters<typeof currentOptions>[0] & { terms: { unitCostCents: number; forecastUnits: number; periodicity?: string; costRevision?: string } | null },
  requestOptions: string[],
  serviceOptions: ReadonlyArray<{ code: string }>,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const known = new Set(serviceOptions.map((o) => o.code));
  const unknown = (event.options ?? []).filter((code) => !known.has(code));
  if (unknown.length > 0) {
    issues.push({ field: 'options', code: 'unknown_option', message: `Le service ne propose pas ces options : ${unknown.join(', ')}.` });
  }
  const before = [...(currentOptions(context) ?? requestOptions)].sort().join(',');
  const scopeChanges = event.options !== undefined && [...new Set(event.options)].sort().join(',') !== before;
  const t = context.terms;
  const termsChange =
    event.terms !== undefined &&
    (!t ||
      event.terms.unitCostCents !== t.unitCostCents ||
      event.terms.forecastUnits !== t.forecastUnits ||
      (event.terms.periodicity !== undefined && event.terms.periodicity !== (t.periodicity ?? 'yearly')) ||
      (event.terms.costRevision !== undefined && event.terms.costRevision !== (t.costRevision ?? 'yearly')));
  if (!scopeChanges && !termsChange) {
    issues.push({
      field: event.terms ? 'terms' : 'options',
      code: 'nothing_changes',
      message: 'Un avenant doit modifier les conditions financières, les prévisions ou les options de la convention.',
    });
  }
  return issues;
}

const ENDING_NOTICES: Partial<Record<string, NotificationKind & `convention_${string}`>> = {
  lapsed: 'convention_lapsed',
  ended: 'convention_ended',
  terminated: 'convention_terminated',
};

/** Why a convention ended, read from the state it ended from: what the final notice says. */
function endingCause(before: Pick<PersistedAdhesionState, 'value'>, after: PersistedAdhesionState, type: string): Pick<EndingPayload, 'cause' | 'reason'> {
  const term = leafStates(before.value).find((leaf) => leaf.startsWith('active.term.'));
  const reason = after.context.closingReason ?? after.context.notice?.reason ?? undefined;
  const cause: EndingPayload['cause'] =
    type === 'TERMINATION_EFFECTIVE'
      ? 'agreement'
      : type === 'NOTICE_EFFECTIVE'
        ? 'notice'
        : term === 'active.term.renewalRefused'
          ? 'renewal_refused'
          : term === 'active.term.renewalDeclined'
            ? 'renewal_declined'
            : undefined;
  return { ...(cause ? { cause } : {}), ...(reason && cause ? { reason } : {}) };
}

/** What the other party is told at once by some events: a renewal refused by the EPCI, a termination proposed. */
function immediateNotices(adhesionId: string, next: PersistedAdhesionState, version: number, type: string, at: string): LedgerRow[] {
  const c = next.context;
  if (type === 'REFUSE_RENEWAL') {
    return [
      newLedgerRow(
        {
          kind: 'renewal_refused',
          adhesionId,
          cycle: c.year,
          offsetDays: 0,
          recipient: 'commune',
          dueAt: at,
          payload: { anniversary: currentAnniversary(next) ?? parisDateOf(at), reason: c.closingReason ?? '' },
        },
        at,
      ),
    ];
  }
  if (type === 'PROPOSE_TERMINATION' && c.termination) {
    const { proposedBy, effectiveDate, reason } = c.termination;
    return [
      newLedgerRow(
        {
          kind: 'termination_proposed',
          adhesionId,
          // One per proposal: the adhesion's version after it.
          cycle: version,
          offsetDays: 0,
          recipient: proposedBy === 'commune' ? 'epci' : 'commune',
          dueAt: at,
          payload: { effectiveDate, reason, proposedBy },
        },
        at,
      ),
    ];
  }
  return [];
}

@Injectable()
export class ApplyEventUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly afterCommit: AfterCommit,
  ) {}

  async execute(actor: Actor, command: ApplyEventCommand): Promise<AdhesionResponse> {
    const record = await this.uow.read((r) => r.adhesions.get(command.adhesionId));
    if (!record || !Scope.of(actor).includes({ ...record.adhesion, servicePole: record.service.pole })) {
      throw new NotFound('Adhesion not found', { id: command.adhesionId });
    }
    const { type, ...payload } = command.body ?? {};
    if (!isEventType(type)) {
      throw new InvalidInput('Unknown event type', { issues: [{ field: 'type', code: 'unknown_event' }] });
    }
    if (actor.role === 'admin' || !maySend(actor.role, { type, party: payload.party })) {
      throw new Forbidden(`Role ${actor.role} may not send ${type}`, { type });
    }
    const role = actor.role as Role;
    if ((PARTY_EVENT_TYPES as readonly EventType[]).includes(type) && payload.party === undefined) {
      payload.party = PARTY_OF_ROLE[role];
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const parsed = parseEvent(type, payload, at);
    if (!parsed.ok) throw new InvalidInput('Invalid event payload', { issues: parsed.issues });

    const { adhesion } = record;
    const snapshot = restoreSnapshot(adhesion.snapshot);
    // Whose turn it is, before and after, and the caller's actions: each asked of the machine once.
    const allowed = allowedOnce(at);
    if (command.expectedVersion !== undefined && command.expectedVersion !== adhesion.version) {
      throw new StaleVersion('The adhesion changed since the caller read it', {
        currentVersion: adhesion.version,
        allowedEvents: allowed(snapshot, role),
      });
    }
    // A date out of the legal chain is a 422 that states the rule (date-rules.ts), when the state would take
    // the event but for it; the 409 below stays for an event the state does not take at all.
    const violations = dateViolations(snapshot.context, parsed.event);
    if (violations.length > 0 && acceptedButForDates(snapshot, parsed.event)) throw new RuleViolation(violations);
    // An avenant changes something, among the options of its service: a 422 too, where the state takes it.
    if (parsed.event.type === 'PROPOSE_AMENDMENT' && allowed(snapshot, role).includes(type)) {
      const scope = amendmentScopeIssues(parsed.event, snapshot.context, record.adhesion.options, record.service.options);
      if (scope.length > 0) throw new RuleViolation(scope);
    }
    const result = applyEvent(snapshot, parsed.event);
    if (!result.accepted) {
      throw new TransitionNotAllowed(`${type} is not allowed in state ${stateKey(snapshot.value)}`, {
        type,
        state: stateKey(snapshot.value),
        allowedEvents: allowed(snapshot, role),
      });
    }

    const next = result.next;
    const fromState = stateKey(snapshot.value);
    const columns = stateColumns(next);
    const deadline = nextDeadline(next);
    const toState = columns.stateDetail;
    const changes = {
      ...columns,
      forecastUnits: currentForecast(next, adhesion.forecastUnits),
      liveKey: isFinal(next.value) ? null : adhesion.liveKey,
      updatedAt: at,
    } satisfies Partial<Adhesion>;
    const version = adhesion.version + 1;
    const updated = { ...adhesion, ...changes, version };
    // A signed convention lists the letter of each year whose cost is notified, as GET /adhesions/:id does.
    const notifiedYears = updated.startDate ? await this.uow.read((r) => notifiedYearsOf(r, updated)) : [];
    const response = await this.uow.read((r) =>
      withRenewalLinks(r, toAdhesionResponse({ ...record, adhesion: updated }, actor.role, now, notifiedYears, { snapshot: result.snapshot, allowed }), updated, actor.role),
    );

    try {
      await this.uow.write(async (r) => {
        await r.adhesions.compareAndSwap(adhesion.id, adhesion.version, changedColumns(adhesion, changes));
        await r.adhesions.appendAudit({
          adhesionId: adhesion.id,
          sequence: version,
          event: type,
          payload: { ...parsed.event } as Record<string, unknown>,
          actorId: actor.userId,
          role: actor.role,
          fromState,
          toState,
          at,
        });
        await r.outbox.append(
          newOutboxRows(
            [
              { adhesionId: adhesion.id, kind: 'adhesion.transitioned', payload: { event: type, fromState, toState, version } },
              ...(deadline ? [{ adhesionId: adhesion.id, kind: RELAYED_OUTBOX_KIND, payload: { ...deadline, at: changes.nextDeadlineAt } }] : []),
            ],
            at,
          ),
        );
        const ending = ENDING_NOTICES[changes.state];
        if (ending) {
          // Both parties are told once that the convention ended, however often this event is re-delivered.
          await r.ledger.decide([
            newLedgerRow(
              {
                kind: ending,
                adhesionId: adhesion.id,
                cycle: next.context.year,
                offsetDays: 0,
                recipient: 'both',
                dueAt: at,
                payload: { on: endingDate(snapshot, type, at), event: type, ...endingCause(snapshot, next, type) },
              },
              at,
            ),
          ]);
        }
        const told = immediateNotices(adhesion.id, next, version, type, at);
        if (told.length) await r.ledger.decide(told);
        // The other party is told once of a move that hands it the file or informs it (notifications/handover.ts),
        // unless this very move already tells it (an ending notice, a renewal refused, a termination proposed).
        const handOver = handOverRow({ adhesionId: adhesion.id, version, event: type, payload: parsed.event as Record<string, unknown>, role: actor.role, before: snapshot, after: result.snapshot, at, allowed });
        const toldAlready = Boolean(ENDING_NOTICES[changes.state]) || told.some((row) => row.recipient === 'both' || row.recipient === handOver?.recipient);
        if (handOver && !toldAlready) await r.ledger.decide([handOver]);
        // A convention that ends hands its plain live key to the successor that renews it, if one is live.
        if (changes.liveKey === null && adhesion.liveKey === liveKeyOf(adhesion.communeInsee, adhesion.serviceCode)) {
          await r.adhesions.promoteSuccessor(adhesion.id, adhesion.liveKey);
        }
        await rememberAnswer(r, command.idempotency, 200, response, at);
      });
    } catch (error) {
      if (command.idempotency && error instanceof UniqueViolation) throw new ConcurrentIdempotentRequest();
      throw error;
    }
    // The relay moves deadlines to the queue: a command that wrote none leaves it nothing new to move.
    if (deadline) this.afterCommit.outboxWritten();
    return response;
  }
}
