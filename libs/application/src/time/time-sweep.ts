// One pass of the scheduler over the database, the source of truth: deliver every due deadline, decide
// every due reminder, send every pending notification. Run every few minutes and after a clock change.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { DeadlineDelivery } from './deadline-delivery.js';
import { ReminderSweep } from './reminder-sweep.js';
import { UnitOfWork } from '../ports/repositories.js';

export interface SweepReport {
  deadlinesApplied: number;
  deadlinesRefused: number;
  remindersDecided: number;
  remindersSuperseded: number;
  notificationsSent: number;
  notificationsFailed: number;
}

@Injectable()
export class TimeSweep {
  private readonly logger = new Logger('Sweep');
  private running: Promise<SweepReport> | null = null;
  constructor(
    private readonly deadlines: DeadlineDelivery,
    private readonly reminders: ReminderSweep,
    private readonly dispatcher: NotificationDispatcher,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs a sweep; a call while one runs waits for it and then runs again, so nothing due is missed. */
  async run(): Promise<SweepReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.once();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async once(): Promise<SweepReport> {
    // Deadlines first: a renewal window that opens today makes today's reminders due.
    const deadlines = await this.deadlines.deliverAllDue();
    const reminders = await this.reminders.run();
    const notifications = await this.dispatcher.dispatchPending();
    const report = {
      deadlinesApplied: deadlines.applied,
      deadlinesRefused: deadlines.refused,
      remindersDecided: reminders.decided,
      remindersSuperseded: reminders.superseded,
      notificationsSent: notifications.sent,
      notificationsFailed: notifications.failed,
    };
    if (Object.values(report).some((n) => n > 0)) this.logger.log(JSON.stringify(report));
    await this.purgeIdempotency().catch((error: Error) => this.logger.warn(`Idempotency purge failed: ${error.message}`));
    return report;
  }

  /** The idempotency answers older than the retention period (IDEMPOTENCY_RETENTION_DAYS) are purged. */
  async purgeIdempotency(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.idempotencyRetentionDays * 86_400_000).toISOString();
    const purged = await this.uow.write((r) => r.idempotency.purgeBefore(before));
    if (purged > 0) this.logger.log(`Purged ${purged} idempotency answer(s) stored before ${before}`);
    return purged;
  }
}
