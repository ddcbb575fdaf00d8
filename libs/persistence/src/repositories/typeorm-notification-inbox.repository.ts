// A user's in-app notifications: one per (ledger row, user), whatever the number of deliveries.
import { IsNull } from 'typeorm';
import type { Notification, NotificationInbox, Page } from '../../../application/src/ports/index.js';
import { NotificationEntity } from '../entities/index.js';
import { toNotification } from './mappers.js';
import { copies, TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmNotificationInbox extends TypeOrmRepository implements NotificationInbox {
  async deliver(rows: Notification[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writing(this.m.createQueryBuilder().insert().into(NotificationEntity).values(copies(rows)).orIgnore().execute());
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
