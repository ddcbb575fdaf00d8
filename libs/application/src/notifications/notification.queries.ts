// A user's in-app notifications: the bell's list.
import { Injectable } from '@nestjs/common';
import { listNotificationsQuery, type NotificationPage } from '#contracts';
import { type Actor } from '../common/actor.js';
import { parseOrThrow } from '../common/validation.js';
import { UnitOfWork } from '../ports/repositories.js';


@Injectable()
export class NotificationQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async list(actor: Actor, query: unknown): Promise<NotificationPage> {
    const q = parseOrThrow(listNotificationsQuery, query);
    return this.uow.read((r) => r.notifications.list(actor.userId ?? '', { unreadOnly: q.unread === 'true', page: q.page, pageSize: q.pageSize }));
  }
}
