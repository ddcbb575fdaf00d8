// Sessions and passwords. Every token carries the user's session version; bumping it revokes them all:
// a logout, a password change (with the current password) and a reset by the admin.
import { Injectable } from '@nestjs/common';
import { Forbidden, InvalidInput, NotFound } from '#workflow';
import { changePasswordCommand, resetPasswordCommand } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { hashPassword, verifyPassword } from '../../common/password.js';
import { parseOrThrow } from '../../common/validation.js';
import { UnitOfWork } from '../../ports/repositories.js';

@Injectable()
export class SessionsUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  /** Revokes every token of the user (logout: on every device). */
  async revokeAll(userId: string): Promise<void> {
    await this.uow.write((r) => r.users.bumpSessionVersion(userId));
  }

  /** The caller changes its own password; its tokens are revoked, the caller logs in again. */
  async changePassword(actor: Actor, body: unknown): Promise<void> {
    const { currentPassword, newPassword } = parseOrThrow(changePasswordCommand, body);
    const user = actor.userId ? await this.uow.read((r) => r.users.byId(actor.userId!)) : null;
    if (!user) throw new Forbidden('Only a user has a password');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new InvalidInput('Invalid input', { issues: [{ field: 'currentPassword', code: 'wrong_password' }] });
    }
    if (currentPassword === newPassword) throw new InvalidInput('Invalid input', { issues: [{ field: 'newPassword', code: 'unchanged' }] });
    const passwordHash = await hashPassword(newPassword);
    await this.uow.write((r) => r.users.bumpSessionVersion(user.id, passwordHash));
  }

  /** The admin (or the CLI, as the system) gives a user a new password; the user's tokens are revoked. */
  async resetPassword(actor: Actor, target: { id: string } | { email: string }, body: unknown): Promise<{ id: string; email: string }> {
    if (actor.role !== 'admin' && actor.role !== 'system') throw new Forbidden('Only the admin resets a password');
    const { newPassword } = parseOrThrow(resetPasswordCommand, body);
    const passwordHash = await hashPassword(newPassword);
    return this.uow.write(async (r) => {
      const user = 'id' in target ? await r.users.byId(target.id) : await r.users.byEmail(target.email.trim().toLowerCase());
      if (!user) throw new NotFound('No such user', 'id' in target ? { id: target.id } : { email: target.email });
      await r.users.bumpSessionVersion(user.id, passwordHash);
      return { id: user.id, email: user.email };
    });
  }
}
