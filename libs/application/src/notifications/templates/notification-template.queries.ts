// The notification templates of an EPCI as its DGS sees them, and the preview of one: the message as it would
// be sent, with a sample file's names or those of one of the EPCI's adhesions.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { NotFound } from '#workflow';
import {
  previewNotificationTemplateCommand,
  type NotificationPreview,
  type NotificationTemplate,
  type NotificationTemplateList,
} from '#contracts';
import { type Actor } from '../../common/actor.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow } from '../../common/validation.js';
import { type NotificationTemplateRecord } from '../../ports/records.js';
import { UnitOfWork } from '../../ports/repositories.js';
import {
  checkTemplate,
  defaultTemplate,
  kindDefinition,
  renderTemplate,
  TEMPLATE_KINDS,
  variablesOf,
  type TemplateKind,
} from '../message-templates.js';
import { PUBLIC_URL } from '../notification-dispatcher.js';
import { existingEpci, templateKind, templatesEpci } from './template-access.js';

/** A kind as the EPCI sends it: its own row, or the default. */
export function toNotificationTemplate(kind: TemplateKind, own: NotificationTemplateRecord | null): NotificationTemplate {
  const definition = kindDefinition(kind);
  const byDefault = defaultTemplate(kind);
  return {
    kind,
    label: definition.label,
    about: definition.about,
    subject: own?.subject ?? byDefault.subject,
    body: own?.body ?? byDefault.body,
    custom: own !== null,
    version: own?.version ?? 0,
    updatedAt: own?.updatedAt ?? null,
    variables: Object.entries(variablesOf(kind)).map(([name, description]) => ({ name, description })),
    defaultSubject: byDefault.subject,
    defaultBody: byDefault.body,
  };
}

@Injectable()
export class NotificationTemplateQueries {
  constructor(
    private readonly uow: UnitOfWork,
    @Optional() @Inject(PUBLIC_URL) private readonly publicUrl = 'http://localhost:3000',
  ) {}

  async list(actor: Actor, query: { epci?: unknown } = {}): Promise<NotificationTemplateList> {
    const siren = templatesEpci(actor, query.epci);
    return this.uow.read(async (r) => {
      await existingEpci(r, siren);
      const own = new Map((await r.notificationTemplates.ofEpci(siren)).map((t) => [t.kind, t]));
      return { epci: siren, items: TEMPLATE_KINDS.map((kind) => toNotificationTemplate(kind, own.get(kind) ?? null)) };
    });
  }

  async get(actor: Actor, kindParam: string, query: { epci?: unknown } = {}): Promise<NotificationTemplate> {
    const siren = templatesEpci(actor, query.epci);
    const kind = templateKind(kindParam);
    return this.uow.read(async (r) => {
      await existingEpci(r, siren);
      return toNotificationTemplate(kind, await r.notificationTemplates.get(siren, kind));
    });
  }

  /** Renders the template being edited (or the saved one): a faulty one is the 422 a save would get. */
  async preview(actor: Actor, kindParam: string, body: unknown, query: { epci?: unknown } = {}): Promise<NotificationPreview> {
    const siren = templatesEpci(actor, query.epci);
    const kind = templateKind(kindParam);
    const command = parseOrThrow(previewNotificationTemplateCommand, body);
    return this.uow.read(async (r) => {
      const epci = await existingEpci(r, siren);
      const saved = toNotificationTemplate(kind, await r.notificationTemplates.get(siren, kind));
      const template = { subject: command.subject ?? saved.subject, body: command.body ?? saved.body };
      checkTemplate(kind, template);
      let names = { communeName: 'Avrillé', serviceName: 'Paie', link: `${this.publicUrl}/adhesions/exemple` };
      if (command.adhesionId) {
        const record = await r.adhesions.get(command.adhesionId);
        if (!record || record.adhesion.epciSiren !== siren || !Scope.of(actor).includes({ ...record.adhesion, servicePole: record.service.pole })) {
          throw new NotFound('Adhesion not found', { id: command.adhesionId });
        }
        names = { communeName: record.commune.name, serviceName: record.service.name, link: `${this.publicUrl}/adhesions/${record.adhesion.id}` };
      }
      if (kindDefinition(kind).about === 'epci') names = { communeName: epci.name, serviceName: '', link: `${this.publicUrl}/catalogue` };
      const message = renderTemplate(kind, template, { ...names, epciName: epci.name, payload: kindDefinition(kind).sample });
      return { subject: message.title, text: message.text, html: message.html };
    });
  }
}
