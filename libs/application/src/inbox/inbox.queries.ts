// What waits on the caller: the adhesions of their scope on which they have an action to take, the
// oldest deadline first. Overdue when a deadline has passed or the step has waited too many working days.
import { Injectable, Inject } from '@nestjs/common';
import { parisDateOf, workingDaysBetween } from '#domain';
import { allowedEvents, EVENT_LABELS_FR, restoreSnapshot, type Role } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Scope } from '../common/scope.js';
import { type Inbox, type InboxItem } from '#contracts';
import { toAdhesionSummary } from '../adhesions/adhesion.response.js';
import { UnitOfWork } from '../ports/repositories.js';
import { awaits } from '../adhesions/waiting.js';

export { type InboxItem } from '#contracts';

@Injectable()
export class InboxQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async inbox(actor: Actor): Promise<Inbox> {
    if (actor.role === 'admin' || actor.role === 'system') return { items: [] };
    const role = actor.role as Role;
    const now = this.clock.now();
    const today = parisDateOf(now);
    const rows = await this.uow.read((r) => r.adhesions.live(Scope.of(actor)));
    const items: InboxItem[] = [];
    for (const row of rows) {
      const snapshot = restoreSnapshot(row.adhesion.snapshot);
      const actions = allowedEvents(snapshot, role, now.toISOString());
      if (!awaits(actions)) continue;
      const summary = toAdhesionSummary(row, today);
      const waitingSince = row.adhesion.updatedAt;
      const workingDaysWaiting = workingDaysBetween(parisDateOf(waitingSince), today);
      const deadlinePassed = summary.nextDeadline !== null && summary.nextDeadline.at <= now.toISOString();
      items.push({
        ...summary,
        waitingFor: role === 'secretary' ? 'commune' : 'epci',
        waitingSince,
        workingDaysWaiting,
        overdue: deadlinePassed || workingDaysWaiting > this.config.epciWaitWorkingDays,
        actions: actions.map((type) => ({ type, label: EVENT_LABELS_FR[type] })),
      });
    }
    items.sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        (a.nextDeadline?.at ?? '9999').localeCompare(b.nextDeadline?.at ?? '9999') ||
        a.waitingSince.localeCompare(b.waitingSince),
    );
    return { items };
  }
}
