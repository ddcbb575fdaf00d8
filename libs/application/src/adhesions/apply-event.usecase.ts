// One event on one adhesion: load, check role and scope, compute with the machine, then in ONE transaction
// the compare-and-swap of the adhesion, its audit row and its outbox rows. Human and time events alike.
import { Injectable } from '@nestjs/common';
import { NotificationLedgerEntity, UnitOfWork, isUniqueViolation } from '#persistence';
import { parisDateOf } from '#domain';
import { newId } from '../common/ids.js';
import {
  allowedEvents,
  applyEvent,
  Forbidden,
  InvalidInput,
  isEventType,
  isFinal,
  maySend,
  nextDeadline,
  currentAnniversary,
  NotFound,
  PARTY_EVENT_TYPES,
  PARTY_OF_ROLE,
  parseEvent,
  restoreSnapshot,
  stateKey,
  StaleVersion,
  topState,
  TransitionNotAllowed,
  type EventType,
  type Role,
} from '#workflow';
import { canSee, type Actor } from '../common/actor.js';
import { AfterCommit } from '../common/after-commit.js';
import { Clock } from '../common/clock.js';
import { ConcurrentIdempotentRequest, rememberAnswer, type IdempotencyContext } from './idempotent-write.js';
import { appendAudit, appendOutbox, compareAndSwap, findAdhesion } from './adhesion-store.js';
import { deadlineInstant, toAdhesionResponse, type AdhesionResponse } from './adhesion.response.js';

/** The notification both parties get when a convention ends, by final state. */
const ENDING_NOTICES: Partial<Record<string, string>> = {
  lapsed: 'convention_lapsed',
  ended: 'convention_ended',
  terminated: 'convention_terminated',
};

export interface ApplyEventCommand {
  adhesionId: string;
  /** `{ type, ...payload }` as received: validated here, whoever sends it (HTTP or scheduler). */
  body: Record<string, unknown>;
  /** The version the caller saw (If-Match); the loaded one when absent. */
  expectedVersion?: number;
  idempotency?: IdempotencyContext;
}

@Injectable()
export class ApplyEventUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly afterCommit: AfterCommit,
  ) {}

  async execute(actor: Actor, command: ApplyEventCommand): Promise<AdhesionResponse> {
    const record = await this.uow.read((m) => findAdhesion(m, command.adhesionId));
    if (!record || !canSee(actor, { communeInsee: record.adhesion.communeInsee, epciSiren: record.adhesion.epciSiren, servicePole: record.service.pole })) {
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
    if (command.expectedVersion !== undefined && command.expectedVersion !== adhesion.version) {
      throw new StaleVersion('The adhesion changed since the caller read it', {
        currentVersion: adhesion.version,
        allowedEvents: allowedEvents(snapshot, role, at),
      });
    }
    const result = applyEvent(snapshot, parsed.event);
    if (!result.accepted) {
      throw new TransitionNotAllowed(`${type} is not allowed in state ${stateKey(snapshot.value)}`, {
        type,
        state: stateKey(snapshot.value),
        allowedEvents: allowedEvents(snapshot, role, at),
      });
    }

    const next = result.next;
    const deadline = nextDeadline(next);
    const fromState = stateKey(snapshot.value);
    const toState = stateKey(next.value);
    const changes = {
      state: topState(next.value),
      stateDetail: toState,
      snapshot: { value: next.value, context: next.context },
      machineVersion: next.machineVersion,
      nextDeadlineAt: deadline ? deadlineInstant(deadline.dueOn) : null,
      nextDeadlineKind: deadline?.kind ?? null,
      nextDeadlineCycle: deadline?.cycle ?? null,
      startDate: next.context.startDate,
      contractYear: next.context.year,
      anniversaryOn: currentAnniversary(next),
      // The current forecast: the convention's terms once in force, else the proposal's, else the study's.
      forecastUnits: String(
        next.context.terms?.forecastUnits ?? next.context.proposal?.forecastUnits ?? next.context.study?.forecastUnits ?? adhesion.forecastUnits,
      ),
      liveKey: isFinal(next.value) ? null : adhesion.liveKey,
      updatedAt: at,
    };
    const updated = { ...record, adhesion: { ...adhesion, ...changes, version: adhesion.version + 1 } };
    const response = toAdhesionResponse(updated, actor.role, now);

    try {
      await this.uow.write(async (manager) => {
        await compareAndSwap(manager, adhesion.id, adhesion.version, changes);
        await appendAudit(manager, {
          adhesionId: adhesion.id,
          sequence: adhesion.version + 1,
          event: type,
          payload: { ...parsed.event } as Record<string, unknown>,
          actorId: actor.userId,
          role: actor.role,
          fromState,
          toState,
          at,
        });
        await appendOutbox(
          manager,
          [
            {
              adhesionId: adhesion.id,
              kind: 'adhesion.transitioned',
              payload: { event: type, fromState, toState, version: adhesion.version + 1 },
            },
            ...(deadline
              ? [{ adhesionId: adhesion.id, kind: 'deadline.schedule', payload: { ...deadline, at: changes.nextDeadlineAt } }]
              : []),
          ],
          at,
        );
        const ending = ENDING_NOTICES[changes.state];
        if (ending) {
          // Both parties are told once that the convention ended, however often this event is re-delivered.
          await manager.insert(NotificationLedgerEntity, {
            id: newId(),
            adhesionId: adhesion.id,
            cycle: next.context.year,
            kind: ending,
            offsetDays: 0,
            recipient: 'both',
            status: 'pending',
            dueAt: at,
            attempts: 0,
            lastError: null,
            payload: { on: parisDateOf(at), event: type },
            createdAt: at,
            sentAt: null,
          } as never);
        }
        if (command.idempotency) await rememberAnswer(manager, command.idempotency, 200, response, at);
      });
    } catch (error) {
      if (command.idempotency && isUniqueViolation(error)) throw new ConcurrentIdempotentRequest();
      throw error;
    }
    this.afterCommit.outboxWritten();
    return response;
  }
}
