import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { inboxSchema } from '#contracts';
import { Contract } from '../openapi/contract.decorator.js';
import { InboxQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxQueries) {}

  /** What waits on the caller, overdue first, then by deadline. */
  @Get()
  @Contract({ operationId: 'getInbox', summary: 'List what waits on the caller', ok: inboxSchema, okDescription: 'Overdue first, then by deadline.' })
  get(@CurrentActor() actor: Actor) {
    return this.inbox.inbox(actor);
  }
}
