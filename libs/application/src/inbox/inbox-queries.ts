// What waits on the caller: the adhesions of their scope on which they have an action to take, the
// oldest deadline first. Overdue when a deadline has passed or the step has waited too many working days.
import { Injectable, Inject } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { parisDateOf } from '#domain';
import { AdhesionEntity, CommuneEntity, ServiceEntity, UnitOfWork } from '#persistence';
import { allowedEvents, EVENT_LABELS_FR, FINAL_STATES, restoreSnapshot, type Role } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { toAdhesionSummary, type AdhesionSummary } from '../adhesions/adhesion.response.js';
import { recordFromRaw, scopeAdhesions } from '../adhesions/adhesion-queries.js';
import { workingDaysBetween } from './working-days.js';

const OPTIONAL_EVENTS = new Set<string>(['PROPOSE_AMENDMENT', 'GIVE_NOTICE', 'WITHDRAW']);

export interface InboxItem extends AdhesionSummary {
  waitingFor: 'epci' | 'commune';
  waitingSince: string;
  workingDaysWaiting: number;
  overdue: boolean;
  actions: Array<{ type: string; label: string }>;
}

@Injectable()
export class InboxQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async inbox(actor: Actor): Promise<{ items: InboxItem[] }> {
    if (actor.role === 'admin' || actor.role === 'system') return { items: [] };
    const role = actor.role as Role;
    const now = this.clock.now();
    const today = parisDateOf(now);
    const rows = await this.uow.read((m) => {
      const qb = m
        .createQueryBuilder(AdhesionEntity, 'a')
        .innerJoin(ServiceEntity, 's', 's.code = a.service_code')
        .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee')
        .where(new Brackets((w) => w.where('a.state NOT IN (:...finals)', { finals: FINAL_STATES })));
      scopeAdhesions(qb, actor);
      return qb
        .select(['a.*', 'c.name AS commune_name', 's.name AS service_name', 's.pole AS service_pole'])
        .getRawMany<Record<string, unknown>>();
    });
    const items: InboxItem[] = [];
    for (const row of rows) {
      const snapshot = restoreSnapshot(typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot);
      const actions = allowedEvents(snapshot, role, now.toISOString());
      // Optional moves (an amendment, a notice, a withdrawal) are always open: they do not make anyone wait.
      if (!actions.some((type) => !OPTIONAL_EVENTS.has(type))) continue;
      const summary = toAdhesionSummary(recordFromRaw(row));
      const waitingSince = String(row.updated_at);
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
