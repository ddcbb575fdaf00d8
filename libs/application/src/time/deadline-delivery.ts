// Deadlines are stored dates; this delivers them as ordinary events, through the same use case as a
// person's action (actor `system`), so that each is audited, checked by the machine, and idempotent.
import { Injectable, Logger } from '@nestjs/common';
import { StaleVersion, TransitionNotAllowed, type TimeEventType } from '#workflow';
import { SYSTEM_ACTOR } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ApplyEventUseCase } from '../adhesions/apply-event/apply-event.usecase.js';
import { UnitOfWork } from '../ports/repositories.js';

export type DeliveryOutcome = 'applied' | 'not_due' | 'superseded' | 'refused';

@Injectable()
export class DeadlineDelivery {
  private readonly logger = new Logger('Deadlines');
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly apply: ApplyEventUseCase,
  ) {}

  /**
   * Delivers one deadline, as named by a queued job. A no-op unless it is still the adhesion's next
   * deadline and it is due: a second delivery, or a job for a deadline that moved, changes nothing.
   */
  async deliver(adhesionId: string, kind: TimeEventType, cycle: number): Promise<DeliveryOutcome> {
    const adhesion = (await this.uow.read((r) => r.adhesions.get(adhesionId)))?.adhesion;
    if (!adhesion || adhesion.nextDeadlineKind !== kind || adhesion.nextDeadlineCycle !== cycle || !adhesion.nextDeadlineAt) {
      return 'superseded';
    }
    if (adhesion.nextDeadlineAt > this.clock.now().toISOString()) return 'not_due';
    return this.applyTimeEvent(adhesion.id, kind, adhesion.version);
  }

  /**
   * The sweep: every deadline already due, oldest first, until none is left. As many at a time as the store
   * gains from (`parallelWrites`: 8 on PostgreSQL, 1 on SQLite); each is still its own command, transaction and
   * compare-and-swap, so a crash never leaves half of a batch.
   */
  async deliverAllDue(batch = 200): Promise<{ applied: number; refused: number }> {
    let applied = 0;
    const refused = new Set<string>();
    for (;;) {
      const now = this.clock.now().toISOString();
      const due = await this.uow.read((r) => r.adhesions.due(now, batch + refused.size));
      const todo = due.filter((row) => !refused.has(row.id));
      if (todo.length === 0) break;
      let next = 0;
      const lane = async () => {
        while (next < todo.length) {
          const row = todo[next++];
          const outcome = await this.applyTimeEvent(row.id, row.kind as TimeEventType, row.version);
          if (outcome === 'applied') applied++;
          else if (outcome === 'refused') refused.add(row.id);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(todo.length, this.uow.parallelWrites)) }, lane));
    }
    return { applied, refused: refused.size };
  }

  private async applyTimeEvent(adhesionId: string, kind: TimeEventType, version: number): Promise<DeliveryOutcome> {
    try {
      await this.apply.execute(SYSTEM_ACTOR, { adhesionId, body: { type: kind }, expectedVersion: version });
      return 'applied';
    } catch (error) {
      // Someone (a person, or another worker) wrote first: the deadline will be recomputed from the new state.
      if (error instanceof StaleVersion) return 'superseded';
      if (error instanceof TransitionNotAllowed) {
        this.logger.warn(`Deadline ${kind} of ${adhesionId} is due but the machine refuses it`);
        return 'refused';
      }
      throw error;
    }
  }
}
