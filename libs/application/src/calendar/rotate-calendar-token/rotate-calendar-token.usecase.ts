// The secret of a user's iCalendar feed: a new one (the previous URL stops working at once), or none.
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { type CalendarFeed } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { UnitOfWork } from '../../ports/repositories.js';

/** What the database keeps of a calendar token: its SHA-256, in hex. */
export function calendarTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class RotateCalendarTokenUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async rotate(actor: Actor, publicUrl: string): Promise<CalendarFeed> {
    const token = randomBytes(24).toString('hex');
    // Stored as its hash: the URL is shown once, here; the database alone does not open anyone's feed.
    await this.uow.write((r) => r.users.setCalendarToken(actor.userId ?? '', calendarTokenHash(token)));
    return { url: `${publicUrl}/api/calendar/${token}.ics` };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.uow.write((r) => r.users.setCalendarToken(actor.userId ?? '', null));
  }
}
