// Who logs in: the user whose e-mail and password match, or null. The api signs the token.
import { Injectable } from '@nestjs/common';
import { hashPassword, verifyPassword } from '../../common/password.js';
import { parseOrThrow } from '../../common/validation.js';
import { type User } from '../../ports/records.js';
import { UnitOfWork } from '../../ports/repositories.js';
import { authenticateCommand } from './authenticate.command.js';

// Verifying against a fixed hash when the e-mail is unknown keeps the answer time the same: no user enumeration.
const DUMMY_HASH = hashPassword('timing-equaliser');

@Injectable()
export class AuthenticateUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(body: unknown): Promise<User | null> {
    const { email, password } = parseOrThrow(authenticateCommand, body);
    const user = await this.uow.read((r) => r.users.byEmail(email));
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    return user && ok ? user : null;
  }

  /** The user behind a verified token, re-read so that a removed user or a changed role counts at once. */
  async user(id: string): Promise<User | null> {
    return this.uow.read((r) => r.users.byId(id));
  }
}
