// A user's in-app notifications: the bell's list, and marking as read.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { IsNull } from 'typeorm';
import { NotificationEntity, UnitOfWork } from '#persistence';
import { NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { parseOrThrow } from '../common/validation.js';

const listSchema = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@Injectable()
export class NotificationQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: unknown) {
    const q = parseOrThrow(listSchema, query);
    const userId = actor.userId ?? '';
    return this.uow.read(async (m) => {
      const where = { userId, ...(q.unread === 'true' ? { readAt: IsNull() } : {}) };
      const [items, total] = await m.findAndCount(NotificationEntity, {
        where,
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      });
      const unread = await m.countBy(NotificationEntity, { userId, readAt: IsNull() });
      return { items, total, unread, page: q.page, pageSize: q.pageSize };
    });
  }

  async markRead(actor: Actor, id: string) {
    const at = this.clock.now().toISOString();
    const updated = await this.uow.write(async (m) => {
      const found = await m.findOneBy(NotificationEntity, { id, userId: actor.userId ?? '' });
      if (!found) return null;
      if (!found.readAt) await m.update(NotificationEntity, { id }, { readAt: at });
      return { ...found, readAt: found.readAt ?? at };
    });
    if (!updated) throw new NotFound('Notification not found', { id });
    return updated;
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const at = this.clock.now().toISOString();
    const result = await this.uow.write((m) => m.update(NotificationEntity, { userId: actor.userId ?? '', readAt: IsNull() }, { readAt: at }));
    return { marked: result.affected ?? 0 };
  }
}
