// Creates a user with a scope: a secretary's commune, an agent's EPCI and pole, a DGS's EPCI. The EPCI's
// catalogue is copied from the template on its first user, so that its DGS finds one to keep.
import { Injectable } from '@nestjs/common';
import { Conflict, InvalidInput, NotFound } from '#workflow';
import { newId } from '../../common/ids.js';
import { hashPassword } from '../../common/password.js';
import { parseOrThrow } from '../../common/validation.js';
import { type User } from '../../ports/records.js';
import { UniqueViolation, UnitOfWork } from '../../ports/repositories.js';
import { createUserCommand } from './create-user.command.js';

@Injectable()
export class CreateUserUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: unknown, at: string): Promise<User> {
    const u = parseOrThrow(createUserCommand, input);
    const passwordHash = await hashPassword(u.password);
    try {
      return await this.uow.write(async (r) => {
        let epciSiren = u.epci ?? null;
        if (u.commune) {
          const commune = await r.communes.commune(u.commune);
          if (!commune) throw new NotFound(`No commune ${u.commune}: import its EPCI first`, { insee: u.commune });
          epciSiren = commune.epciSiren;
        }
        if (epciSiren && !(await r.communes.epci(epciSiren))) throw new NotFound(`No EPCI ${epciSiren}: import it first`, { siren: epciSiren });
        const user: User = {
          id: newId(),
          email: u.email,
          displayName: u.displayName ?? u.email,
          passwordHash,
          role: u.role,
          communeInsee: u.role === 'secretary' ? u.commune! : null,
          epciSiren: u.role === 'admin' ? null : epciSiren,
          pole: u.role === 'agent' ? u.pole! : null,
          calendarToken: null,
          createdAt: at,
          sessionVersion: 0,
        };
        await r.users.insert(user);
        if (user.epciSiren) await r.catalogue.ensureCatalogue(user.epciSiren);
        // An agent's pole is one of the poles of its EPCI's catalogue (else it would see no service at all).
        if (user.pole && user.epciSiren) {
          const poles = [...new Set((await r.catalogue.services(user.epciSiren)).map((s) => s.pole))].sort();
          if (!poles.includes(user.pole)) throw new InvalidInput(`No pole ${user.pole} in the catalogue of EPCI ${user.epciSiren}: one of ${poles.join(', ')}`, { issues: [{ field: 'pole', code: 'unknown_pole' }], poles });
        }
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw new Conflict(`A user with e-mail ${u.email} exists`, { reason: 'email_taken' });
      throw error;
    }
  }
}
