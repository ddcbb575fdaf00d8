import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { listNotificationsQuery, markedReadSchema, notificationPageSchema, notificationSchema } from '#contracts';
import { Contract, WHEN } from '../openapi/contract.decorator.js';
import { MarkReadUseCase, NotificationQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationQueries,
    private readonly markRead: MarkReadUseCase,
  ) {}

  @Get()
  @Contract({
    operationId: 'listNotifications',
    summary: 'List the caller’s notifications',
    query: listNotificationsQuery,
    ok: notificationPageSchema,
    okDescription: 'One page, newest first, with the count of unread ones.',
    errors: { 400: WHEN.invalid },
  })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.notifications.list(actor, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Contract({ operationId: 'markAllNotificationsRead', summary: 'Mark all the caller’s notifications as read', ok: markedReadSchema, okDescription: 'How many were unread.' })
  readAll(@CurrentActor() actor: Actor) {
    return this.markRead.all(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Contract({
    operationId: 'markNotificationRead',
    summary: 'Mark one notification as read',
    ok: notificationSchema,
    okDescription: 'The notification, read.',
    errors: { 404: 'Not one of the caller’s notifications (`not_found`).' },
  })
  read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.markRead.one(actor, id);
  }
}
