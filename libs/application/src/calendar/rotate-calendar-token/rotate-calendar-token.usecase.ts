// The secret of a user's iCalendar feed: a new one (the previous URL stops working at once), or none.
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type CalendarFeed } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { UnitOfWork } from '../../ports/repositories.js';

@Injectable()
export class RotateCalendarTokenUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async rotate(actor: Actor, publicUrl: string): Promise<CalendarFeed> {
    const token = randomBytes(24).toString('hex');
    await this.uow.write((r) => r.users.setCalendarToken(actor.userId ?? '', token));
    return { url: `${publicUrl}/api/calendar/${token}.ics` };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.uow.write((r) => r.users.setCalendarToken(actor.userId ?? '', null));
  }
}
