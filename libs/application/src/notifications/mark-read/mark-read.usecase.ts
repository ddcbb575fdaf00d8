// Marking one notification, or all of the caller's, as read. Another user's notification is not found.
import { Injectable } from '@nestjs/common';
import { NotFound } from '#workflow';
import { type MarkedRead, type Notification } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { UnitOfWork } from '../../ports/repositories.js';

@Injectable()
export class MarkReadUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async one(actor: Actor, id: string): Promise<Notification> {
    const at = this.clock.now().toISOString();
    const userId = actor.userId ?? '';
    const updated = await this.uow.write(async (r) => {
      const found = await r.notifications.get(userId, id);
      if (!found) return null;
      if (!found.readAt) await r.notifications.markRead(userId, id, at);
      return { ...found, readAt: found.readAt ?? at };
    });
    if (!updated) throw new NotFound('Notification not found', { id });
    return updated;
  }

  async all(actor: Actor): Promise<MarkedRead> {
    const at = this.clock.now().toISOString();
    return { marked: await this.uow.write((r) => r.notifications.markRead(actor.userId ?? '', 'all', at)) };
  }
}
