// The admin's reset of a user's password: the user's tokens are revoked (the CLI does the same, user:reset-password).
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { resetPasswordCommand } from '#contracts';
import { SessionsUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

@ApiTags('admin')
@Controller('admin/users')
export class UsersController {
  constructor(private readonly sessions: SessionsUseCase) {}

  @Post(':id/password')
  @HttpCode(204)
  @Contract({
    operationId: 'resetUserPassword',
    summary: 'Reset a user’s password',
    description: 'The admin gives the user a new password (at least 12 characters, not a common one); every token of the user is revoked.',
    body: resetPasswordCommand,
    status: 204,
    ok: null,
    okDescription: 'Reset; the user’s tokens are revoked.',
    errors: { 400: WHEN.invalid, 403: 'Only the admin resets a password (`forbidden`).', 404: 'No such user (`not_found`).', 413: WHEN.tooLarge },
  })
  async reset(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<void> {
    await this.sessions.resetPassword(actor, { id }, body);
  }
}
