// The notification templates of the caller's EPCI (the admin names one with ?epci=): read, rewrite, preview,
// and go back to the product's wording. The DGS only; a DGS naming another EPCI gets a 404.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  epciQuery,
  notificationPreviewSchema,
  notificationTemplateListSchema,
  notificationTemplateSchema,
  previewNotificationTemplateCommand,
  resetNotificationTemplateQuery,
  saveNotificationTemplateCommand,
} from '#contracts';
import { NotificationTemplateQueries, SaveNotificationTemplateUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

const FORBIDDEN = 'Only the DGS (or the admin) keeps the notification templates (`forbidden`).';
const NOT_FOUND = 'No such notification kind, or another EPCI than the caller’s (`not_found`).';
const FAULTY =
  'A variable that this kind does not have, or braces that make no variable (`rule_violated`, issues `unknown_variable`, `malformed_variable` on `subject` or `body`, each with its French sentence).';

@ApiTags('notifications')
@Controller('notification-templates')
export class NotificationTemplatesController {
  constructor(
    private readonly templates: NotificationTemplateQueries,
    private readonly saving: SaveNotificationTemplateUseCase,
  ) {}

  @Get()
  @Contract({
    operationId: 'listNotificationTemplates',
    summary: 'List the EPCI’s notification templates',
    description: 'Every kind of message, with the EPCI’s own wording or the product’s default, and the variables it may use.',
    query: epciQuery,
    ok: notificationTemplateListSchema,
    okDescription: 'One template per kind.',
    errors: { 400: WHEN.noEpci, 403: FORBIDDEN, 404: NOT_FOUND },
  })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.templates.list(actor, query);
  }

  @Get(':kind')
  @Contract({
    operationId: 'getNotificationTemplate',
    summary: 'Read one notification template',
    query: epciQuery,
    ok: notificationTemplateSchema,
    okDescription: 'The kind’s template as the EPCI sends it.',
    errors: { 400: WHEN.noEpci, 403: FORBIDDEN, 404: NOT_FOUND },
  })
  get(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Query() query: Record<string, unknown>) {
    return this.templates.get(actor, kind, query);
  }

  @Put(':kind')
  @Contract({
    operationId: 'saveNotificationTemplate',
    summary: 'Rewrite one notification template',
    description: 'Checked when saved. The next message of this kind uses it. `version` is the one read (0 for the default).',
    query: epciQuery,
    body: saveNotificationTemplateCommand,
    ok: notificationTemplateSchema,
    okDescription: 'The template saved, with its new version.',
    errors: {
      400: `${WHEN.invalid} ${WHEN.noEpci}`,
      403: FORBIDDEN,
      404: NOT_FOUND,
      409: 'Someone saved the template since the caller read it (`template_changed`).',
      413: WHEN.tooLarge,
      422: FAULTY,
    },
  })
  save(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.saving.save(actor, kind, body, query);
  }

  @Delete(':kind')
  @Contract({
    operationId: 'resetNotificationTemplate',
    summary: 'Go back to the product’s wording of one notification',
    query: resetNotificationTemplateQuery,
    ok: notificationTemplateSchema,
    okDescription: 'The default template (version 0).',
    errors: {
      400: `${WHEN.invalid} ${WHEN.noEpci}`,
      403: FORBIDDEN,
      404: NOT_FOUND,
      409: 'The template changed since the caller read it, or is already the default (`template_changed`).',
    },
  })
  reset(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Query() query: Record<string, unknown>) {
    return this.saving.reset(actor, kind, query);
  }

  @Post(':kind/preview')
  @HttpCode(200)
  @Contract({
    operationId: 'previewNotificationTemplate',
    summary: 'Render a notification template',
    description: 'The template being edited (or the saved one), filled with a sample or with one of the EPCI’s adhesions.',
    query: epciQuery,
    body: previewNotificationTemplateCommand,
    ok: notificationPreviewSchema,
    okDescription: 'The subject, the text and the HTML e-mail.',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}`, 403: FORBIDDEN, 404: `${NOT_FOUND} Or an adhesion out of the EPCI.`, 413: WHEN.tooLarge, 422: FAULTY },
  })
  preview(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.templates.preview(actor, kind, body, query);
  }
}
