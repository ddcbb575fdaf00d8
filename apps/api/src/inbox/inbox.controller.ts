import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InboxQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxQueries) {}

  /** What waits on the caller, overdue first, then by deadline. */
  @Get()
  get(@CurrentActor() actor: Actor) {
    return this.inbox.inbox(actor);
  }
}
