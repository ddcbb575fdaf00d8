// A user's in-app notifications: one per (ledger row, user), whatever the number of deliveries.
import { IsNull } from 'typeorm';
import type { Notification, NotificationInbox, Page } from '../../../application/src/ports/index.js';
import { NotificationEntity } from '../entities/index.js';
import { toNotification } from './mappers.js';
import { copies, TypeOrmRepository } from './typeorm-repository.js';

/** Rows per INSERT: 5,000 bound values, far below PostgreSQL's 65,535 and SQLite's 32,766. */
const DELIVER_CHUNK = 500;

export class TypeOrmNotificationInbox extends TypeOrmRepository implements NotificationInbox {
  async deliver(rows: Notification[]): Promise<void> {
    // A batch of notifications in one statement (P6), cut where it would pass the databases' limits on
    // bound values (10 a row).
    for (let i = 0; i < rows.length; i += DELIVER_CHUNK) {
      await this.writing(this.m.createQueryBuilder().insert().into(NotificationEntity).values(copies(rows.slice(i, i + DELIVER_CHUNK))).orIgnore().execute());
    }
  }

  async list(userId: string, query: { unreadOnly: boolean; page: number; pageSize: number }): Promise<Page<Notification> & { unread: number }> {
    const where = { userId, ...(query.unreadOnly ? { readAt: IsNull() } : {}) };
    const [items, total] = await this.m.findAndCount(NotificationEntity, {
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const unread = await this.m.countBy(NotificationEntity, { userId, readAt: IsNull() });
    return { items: items.map(toNotification), total, unread, page: query.page, pageSize: query.pageSize };
  }

  async get(userId: string, id: string): Promise<Notification | null> {
    const row = await this.m.findOneBy(NotificationEntity, { id, userId });
    return row ? toNotification(row) : null;
  }

  /** How many were unread and are now read: a notification already read keeps its first reading. */
  async markRead(userId: string, ids: 'all' | string, at: string): Promise<number> {
    const where = ids === 'all' ? { userId, readAt: IsNull() } : { id: ids, userId, readAt: IsNull() };
    const result = await this.writing(this.m.update(NotificationEntity, where, { readAt: at }));
    return result.affected ?? 0;
  }
}
