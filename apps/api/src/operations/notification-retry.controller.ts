// The admin's retry of a notification the dispatcher gave up on (status failed, after its attempts): the
// ledger row goes back to pending, due now, with its attempts reset; the next sweep (or POST /api/admin/clock)
// sends it. A compare-and-swap on the status: a row that is not failed is left alone (409).
import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { notificationRetriedSchema, type NotificationRetried } from '#contracts';
import { Clock, type Actor } from '#application';
import { NotificationLedgerEntity, UnitOfWork as EntityUnitOfWork } from '#persistence';
import { Conflict, Forbidden, NotFound } from '#workflow';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract } from '../openapi/contract.decorator.js';

@ApiTags('admin')
@Controller('admin/notifications')
export class NotificationRetryController {
  constructor(
    private readonly entities: EntityUnitOfWork,
    private readonly clock: Clock,
  ) {}

  @Post(':id/retry')
  @HttpCode(200)
  @Contract({
    operationId: 'retryNotification',
    summary: 'Send a failed notification again',
    description: 'The ledger row goes from `failed` back to `pending`, due now, with its attempts reset; the next sweep sends it.',
    ok: notificationRetriedSchema,
    okDescription: 'The notification, pending again.',
    errors: {
      403: 'Only the admin retries a notification (`forbidden`).',
      404: 'No such notification (`not_found`).',
      409: 'The notification has not failed (`conflict`): it is pending, being sent, sent or superseded.',
    },
  })
  async retry(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<NotificationRetried> {
    if (actor.role !== 'admin') throw new Forbidden('Only an admin may retry a notification');
    const dueAt = this.clock.now().toISOString();
    const outcome = await this.entities.write(async (m) => {
      const result = await m.update(NotificationLedgerEntity, { id, status: 'failed' }, { status: 'pending', attempts: 0, dueAt });
      if (result.affected === 1) return 'retried' as const;
      return (await m.existsBy(NotificationLedgerEntity, { id })) ? ('not_failed' as const) : ('missing' as const);
    });
    if (outcome === 'missing') throw new NotFound('Notification not found', { id });
    if (outcome === 'not_failed') throw new Conflict('Only a failed notification can be retried', { id });
    return { id, status: 'pending', dueAt };
  }
}
