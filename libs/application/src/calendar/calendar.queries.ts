// The calendar of coming deadlines: for the month view, and as an iCalendar feed behind a revocable
// per-user token (the secret is in the URL: calendar applications cannot send a bearer token).
import { Injectable } from '@nestjs/common';
import ical from 'ical-generator';
import { calendarRangeQuery, type CalendarEvent } from '#contracts';
import { addDays, parisDateOf } from '#domain';
import { EVENT_LABELS_FR, NotFound, type EventType } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { publicHost } from '../common/public-host.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { UnitOfWork } from '../ports/repositories.js';
import { calendarTokenHash } from './rotate-calendar-token/rotate-calendar-token.usecase.js';

export { type CalendarEvent } from '#contracts';

/** Europe/Paris as RFC 5545 describes a zone: CET/CEST, changing on the last Sundays of March and October. */
const VTIMEZONE_PARIS = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'X-LIC-LOCATION:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** The feed with its VTIMEZONE before the events, and every line, the last one too, ended by CRLF. */
function withParisTimezone(text: string): string {
  const body = text.replace(/(\r\n)*$/, '');
  const at = body.search(/\r\n(BEGIN:VEVENT|END:VCALENDAR)/);
  return `${body.slice(0, at)}\r\n${VTIMEZONE_PARIS}${body.slice(at)}\r\n`;
}

@Injectable()
export class CalendarQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async events(actor: Actor, query: unknown): Promise<CalendarEvent[]> {
    const { from, to } = parseOrThrow(calendarRangeQuery, query);
    return this.between(actor, from, to);
  }

  private async between(actor: Actor, from: string, to: string): Promise<CalendarEvent[]> {
    const rows = await this.uow.read((r) =>
      r.adhesions.calendar(Scope.of(actor), { fromAt: `${addDays(from, -1)}T00:00:00.000Z`, toAt: `${addDays(to, 1)}T23:59:59.999Z`, from, to }),
    );
    const events: CalendarEvent[] = [];
    for (const r of rows) {
      const base = { adhesionId: r.adhesionId, communeName: r.communeName, serviceName: r.serviceName };
      const kind = r.nextDeadlineKind;
      if (r.nextDeadlineAt && kind) {
        const date = parisDateOf(r.nextDeadlineAt);
        if (date >= from && date <= to) events.push({ ...base, date, kind, label: EVENT_LABELS_FR[kind as EventType] ?? kind });
      }
      if (r.anniversaryOn && r.anniversaryOn >= from && r.anniversaryOn <= to && kind !== 'ANNIVERSARY_PASSED' && kind !== 'TERM_ENDED') {
        events.push({ ...base, date: r.anniversaryOn, kind: 'ANNIVERSARY', label: 'Date anniversaire de la convention' });
      }
    }
    return events.sort((a, b) => a.date.localeCompare(b.date) || a.communeName.localeCompare(b.communeName));
  }

  /** The feed of a token: the coming 13 months of the token owner's scope. */
  async feed(token: string, publicUrl: string): Promise<string> {
    const user = /^[0-9a-f]{48}$/.test(token) ? await this.uow.read((r) => r.users.byCalendarToken(calendarTokenHash(token))) : null;
    if (!user) throw new NotFound('Unknown calendar');
    const actor: Actor = { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole };
    const today = parisDateOf(this.clock.now());
    const events = await this.between(actor, today, addDays(today, 400));
    // No calendar time zone in ical-generator: it would write DTSTAMP as floating local time and a non-standard
    // TIMEZONE-ID. The events are all-day dates (no zone needed); the VTIMEZONE below tells clients the EPCI's zone.
    const calendar = ical({ name: 'À la carte — échéances', prodId: { company: 'alacarte', product: 'echeances', language: 'FR' }, x: { 'X-WR-TIMEZONE': 'Europe/Paris' } });
    const host = publicHost(publicUrl);
    for (const e of events) {
      calendar.createEvent({
        id: `${e.adhesionId}-${e.kind}-${e.date}@${host}`,
        start: new Date(`${e.date}T00:00:00Z`),
        allDay: true,
        summary: `${e.label} — ${e.serviceName} (${e.communeName})`,
        url: `${publicUrl}/adhesions/${e.adhesionId}`,
        stamp: this.clock.now(),
      });
    }
    return withParisTimezone(calendar.toString());
  }
}
