// The calendar of coming deadlines: for the month view, and as an iCalendar feed behind a revocable
// per-user token (the secret is in the URL: calendar applications cannot send a bearer token).
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import { z } from 'zod';
import { addDays, parisDateOf } from '#domain';
import { AdhesionEntity, CommuneEntity, ServiceEntity, UnitOfWork, UserEntity } from '#persistence';
import { EVENT_LABELS_FR, FINAL_STATES, NotFound, type EventType } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { parseOrThrow } from '../common/validation.js';
import { scopeAdhesions } from '../adhesions/adhesion-queries.js';

export interface CalendarEvent {
  date: string;
  kind: string;
  label: string;
  adhesionId: string;
  communeName: string;
  serviceName: string;
}

const rangeSchema = z.object({ from: z.iso.date(), to: z.iso.date() }).strict();

@Injectable()
export class CalendarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async events(actor: Actor, query: unknown): Promise<CalendarEvent[]> {
    const { from, to } = parseOrThrow(rangeSchema, query);
    return this.between(actor, from, to);
  }

  private async between(actor: Actor, from: string, to: string): Promise<CalendarEvent[]> {
    const rows = await this.uow.read((m) => {
      const qb = m
        .createQueryBuilder(AdhesionEntity, 'a')
        .innerJoin(ServiceEntity, 's', 's.code = a.service_code')
        .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee')
        .where('a.state NOT IN (:...finals)', { finals: FINAL_STATES })
        .andWhere(
          '((a.next_deadline_at >= :fromAt AND a.next_deadline_at < :toAt) OR (a.anniversary_on >= :from AND a.anniversary_on <= :to))',
          { fromAt: `${addDays(from, -1)}T00:00:00.000Z`, toAt: `${addDays(to, 1)}T23:59:59.999Z`, from, to },
        );
      scopeAdhesions(qb, actor);
      return qb
        .select(['a.id AS id', 'a.next_deadline_at AS deadline_at', 'a.next_deadline_kind AS kind', 'a.anniversary_on AS anniversary', 'c.name AS commune', 's.name AS service'])
        .getRawMany<{ id: string; deadline_at: string | null; kind: string | null; anniversary: string | null; commune: string; service: string }>();
    });
    const events: CalendarEvent[] = [];
    for (const r of rows) {
      const base = { adhesionId: r.id, communeName: r.commune, serviceName: r.service };
      if (r.deadline_at && r.kind) {
        const date = parisDateOf(r.deadline_at);
        if (date >= from && date <= to) events.push({ ...base, date, kind: r.kind, label: EVENT_LABELS_FR[r.kind as EventType] ?? r.kind });
      }
      if (r.anniversary && r.anniversary >= from && r.anniversary <= to && r.kind !== 'ANNIVERSARY_PASSED' && r.kind !== 'TERM_ENDED') {
        events.push({ ...base, date: r.anniversary, kind: 'ANNIVERSARY', label: 'Date anniversaire de la convention' });
      }
    }
    return events.sort((a, b) => a.date.localeCompare(b.date) || a.communeName.localeCompare(b.communeName));
  }

  /** A new secret for the caller's feed; the previous URL stops working at once. */
  async rotateToken(actor: Actor, publicUrl: string): Promise<{ url: string }> {
    const token = randomBytes(24).toString('hex');
    await this.uow.write((m) => m.update(UserEntity, { id: actor.userId ?? '' }, { calendarToken: token }));
    return { url: `${publicUrl}/api/calendar/${token}.ics` };
  }

  async revokeToken(actor: Actor): Promise<void> {
    await this.uow.write((m) => m.update(UserEntity, { id: actor.userId ?? '' }, { calendarToken: null }));
  }

  /** The feed of a token: the coming 13 months of the token owner's scope. */
  async feed(token: string, publicUrl: string): Promise<string> {
    const user = /^[0-9a-f]{48}$/.test(token) ? await this.uow.read((m) => m.findOneBy(UserEntity, { calendarToken: token })) : null;
    if (!user) throw new NotFound('Unknown calendar');
    const actor: Actor = { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole };
    const today = parisDateOf(this.clock.now());
    const events = await this.between(actor, today, addDays(today, 400));
    const calendar = ical({ name: 'À la carte — échéances', timezone: 'Europe/Paris', prodId: { company: 'alacarte', product: 'echeances', language: 'FR' } });
    for (const e of events) {
      calendar.createEvent({
        id: `${e.adhesionId}-${e.kind}-${e.date}@alacarte`,
        start: new Date(`${e.date}T00:00:00Z`),
        allDay: true,
        summary: `${e.label} — ${e.serviceName} (${e.communeName})`,
        url: `${publicUrl}/adhesions/${e.adhesionId}`,
        stamp: this.clock.now(),
      });
    }
    return calendar.toString();
  }
}
