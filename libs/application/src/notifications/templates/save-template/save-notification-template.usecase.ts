// The DGS rewrites one kind of message of its EPCI, or goes back to the product's wording. The template is
// checked when saved (an unknown or malformed variable is a 422 naming the field); two DGS editing at once:
// the second save gets a 409 (compare-and-swap on `version`, 0 for the default).
import { Injectable } from '@nestjs/common';
import { Conflict, StaleVersion } from '#workflow';
import { resetNotificationTemplateQuery, saveNotificationTemplateCommand, type NotificationTemplate } from '#contracts';
import { type Actor } from '../../../common/actor.js';
import { Clock } from '../../../common/clock.js';
import { parseOrThrow } from '../../../common/validation.js';
import { UniqueViolation, UnitOfWork } from '../../../ports/repositories.js';
import { checkTemplate } from '../../message-templates.js';
import { toNotificationTemplate } from '../notification-template.queries.js';
import { existingEpci, templateKind, templatesEpci } from '../template-access.js';

@Injectable()
export class SaveNotificationTemplateUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async save(actor: Actor, kindParam: string, body: unknown, query: { epci?: unknown } = {}): Promise<NotificationTemplate> {
    const siren = templatesEpci(actor, query.epci);
    const kind = templateKind(kindParam);
    const command = parseOrThrow(saveNotificationTemplateCommand, body);
    checkTemplate(kind, command);
    const at = this.clock.now().toISOString();
    try {
      return await this.uow.write(async (r) => {
        await existingEpci(r, siren);
        const current = await r.notificationTemplates.get(siren, kind);
        if ((current?.version ?? 0) !== command.version) throw stale(current?.version ?? 0);

        const row = { epciSiren: siren, kind, subject: command.subject, body: command.body, version: command.version + 1, updatedBy: actor.userId, updatedAt: at };
        if (current) await r.notificationTemplates.compareAndSwap(row, command.version);
        else await r.notificationTemplates.insert(row);
        return toNotificationTemplate(kind, row);
      });
    } catch (error) {
      // Two first saves at once: the second finds the row the first inserted.
      if (error instanceof UniqueViolation || error instanceof StaleVersion) throw stale(null);
      throw error;
    }
  }

  /** Back to the product's wording: the EPCI's row is deleted. */
  async reset(actor: Actor, kindParam: string, query: Record<string, unknown> = {}): Promise<NotificationTemplate> {
    const siren = templatesEpci(actor, query.epci);
    const kind = templateKind(kindParam);
    const { version } = parseOrThrow(resetNotificationTemplateQuery, query);
    return this.uow.write(async (r) => {
      await existingEpci(r, siren);
      await r.notificationTemplates.remove(siren, kind, version);
      return toNotificationTemplate(kind, null);
    }).catch((error: unknown) => {
      throw error instanceof StaleVersion ? stale(null) : error;
    });
  }
}

/** 409 `template_changed`: someone saved the template since the caller read it. */
const stale = (currentVersion: number | null) =>
  new Conflict('The template changed since it was read', { reason: 'template_changed', ...(currentVersion !== null && { currentVersion }) });
