// In-app notifications, in memory: one per (ledger row, user), a repeated delivery adding nothing.
import { type Notification, type NotificationInbox, type Page } from '../../src/ports/index.js';
import { clone, compareText, paginate, type Tx } from './in-memory-tables.js';

export class InMemoryNotificationInbox implements NotificationInbox {
  constructor(private readonly tx: Tx) {}

  /** INSERT … ON CONFLICT DO NOTHING: a row colliding with one already there (or earlier in the batch) is skipped. */
  async deliver(rows: Notification[]): Promise<void> {
    for (const row of rows) this.tx.insertOrIgnore('notifications', row);
  }

  /** A user's notifications, newest first (ties by id), with the count of the unread ones. */
  async list(userId: string, query: { unreadOnly: boolean; page: number; pageSize: number }): Promise<Page<Notification> & { unread: number }> {
    const mine = [...this.tx.rows.notifications.values()].filter((n) => n.userId === userId);
    const matching = mine
      .filter((n) => !query.unreadOnly || n.readAt === null)
      .sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(a.id, b.id));
    return {
      items: paginate(matching, query.page, query.pageSize).map(clone),
      total: matching.length,
      page: query.page,
      pageSize: query.pageSize,
      unread: mine.filter((n) => n.readAt === null).length,
    };
  }

  async get(userId: string, id: string): Promise<Notification | null> {
    const found = this.tx.rows.notifications.get(id);
    return found && found.userId === userId ? clone(found) : null;
  }

  /** Marks the user's unread notifications (all, or the one with this id) read at `at`; how many it marked. */
  async markRead(userId: string, ids: 'all' | string, at: string): Promise<number> {
    const tables = this.tx.mutable('markRead');
    let marked = 0;
    for (const n of [...tables.notifications.values()]) {
      if (n.userId !== userId || n.readAt !== null || (ids !== 'all' && n.id !== ids)) continue;
      this.tx.update('notifications', n.id, { ...n, readAt: at });
      marked++;
    }
    return marked;
  }
}
