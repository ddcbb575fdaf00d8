// One pass of the scheduler over the database, the source of truth: deliver every due deadline, decide
// every due reminder, send every pending notification. Run every few minutes and after a clock change.
// The messages go out while the deadlines and reminders are decided, not after: on 1 January, a national
// sweep takes minutes, and no message (a hand-over's notice included) waits for its end.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NOTIFY_BATCH, NotificationDispatcher } from '../notifications/notification-dispatcher.js';
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

/** How long the sending waits for the sweep to decide more, when none is pending. */
const SEND_POLL_MS = 200;

/** Whether a sweep is still deciding; its end can be awaited, with a time limit. */
class Deciding {
  going = true;
  private readonly waiting = new Set<() => void>();

  end(): void {
    this.going = false;
    for (const wake of this.waiting) wake();
  }

  /** Resolves when the deciding ends or after `ms`, whichever comes first. */
  endOr(ms: number): Promise<void> {
    if (!this.going) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }
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
    const deciding = new Deciding();
    const decide = async () => {
      try {
        // Deadlines first: a renewal window that opens today makes today's reminders due.
        const deadlines = await this.deadlines.deliverAllDue();
        return { deadlines, reminders: await this.reminders.run() };
      } finally {
        deciding.end();
      }
    };
    const [decided, sending] = await Promise.allSettled([decide(), this.sendWhile(deciding)]);
    if (decided.status === 'rejected') {
      if (sending.status === 'rejected') this.logger.warn(`Sending failed too: ${(sending.reason as Error).message}`);
      throw decided.reason;
    }
    if (sending.status === 'rejected') throw sending.reason;
    const { deadlines, reminders } = decided.value;
    const notifications = sending.value;
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

  /**
   * Sends the pending messages a batch at a time while the sweep decides, waiting a moment whenever none is
   * left; then, once the deciding has ended, every row still pending (`dispatchPending`). Whether it still
   * decides is read before each claim, so that a claim in flight as the deciding ends is followed by that drain.
   */
  private async sendWhile(deciding: Deciding): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    while (deciding.going) {
      try {
        const batch = await this.dispatcher.dispatchBatch(NOTIFY_BATCH);
        sent += batch.sent;
        failed += batch.failed;
        if (batch.claimed === NOTIFY_BATCH) continue;
      } catch (error) {
        // A claim that failed while the sweep decides (the database busy or away a moment) is tried again after
        // a pause, so that the sending goes on with the deciding. The drain's failure fails the sweep.
        this.logger.warn(`Sending failed, tried again while the sweep decides: ${(error as Error).message}`);
      }
      await deciding.endOr(SEND_POLL_MS);
    }
    const rest = await this.dispatcher.dispatchPending(NOTIFY_BATCH);
    return { sent: sent + rest.sent, failed: failed + rest.failed };
  }

  /** The idempotency answers older than the retention period (IDEMPOTENCY_RETENTION_DAYS) are purged. */
  async purgeIdempotency(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.idempotencyRetentionDays * 86_400_000).toISOString();
    const purged = await this.uow.write((r) => r.idempotency.purgeBefore(before));
    if (purged > 0) this.logger.log(`Purged ${purged} idempotency answer(s) stored before ${before}`);
    return purged;
  }
}
