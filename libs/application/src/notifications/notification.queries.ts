// A user's in-app notifications: the bell's list.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { type Actor } from '../common/actor.js';
import { parseOrThrow } from '../common/validation.js';
import { UnitOfWork } from '../ports/repositories.js';

const listQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@Injectable()
export class NotificationQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async list(actor: Actor, query: unknown) {
    const q = parseOrThrow(listQuery, query);
    return this.uow.read((r) => r.notifications.list(actor.userId ?? '', { unreadOnly: q.unread === 'true', page: q.page, pageSize: q.pageSize }));
  }
}
