// The people who log in, and who a notification goes to.
import type { User, UserDirectory } from '../../../application/src/ports/index.js';
import { UserEntity } from '../entities/index.js';
import { toUser } from './mappers.js';
import { hydrate, plain, selectColumns } from './plain-sql.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmUserDirectory extends TypeOrmRepository implements UserDirectory {
  async byId(id: string): Promise<User | null> {
    // Plain SQL (plain-sql.ts): every authenticated request reads its user, so that a revoked session counts at once.
    const m = this.m;
    const [raw] = (await m.query(plain(m, 'user by id', () => `SELECT ${selectColumns(m, UserEntity, 'u')} FROM app_user u WHERE u.id = ?`), [id])) as Array<Record<string, unknown>>;
    const row = raw ? hydrate(m, UserEntity, raw, 'u') : null;
    return row ? toUser(row) : null;
  }

  async byEmail(email: string): Promise<User | null> {
    const row = await this.m.findOneBy(UserEntity, { email });
    return row ? toUser(row) : null;
  }

  async byCalendarToken(token: string): Promise<User | null> {
    const row = await this.m.findOneBy(UserEntity, { calendarToken: token });
    return row ? toUser(row) : null;
  }

  async secretariesOf(communeInsee: string): Promise<User[]> {
    const rows = await this.m.find(UserEntity, { where: { role: 'secretary', communeInsee }, order: { email: 'ASC' } });
    return rows.map(toUser);
  }

  async dgsOf(epciSiren: string): Promise<User[]> {
    const rows = await this.m.find(UserEntity, { where: { role: 'dgs', epciSiren }, order: { email: 'ASC' } });
    return rows.map(toUser);
  }

  async agentsOf(epciSiren: string, pole: string): Promise<User[]> {
    const rows = await this.m.find(UserEntity, { where: { role: 'agent', epciSiren, pole }, order: { email: 'ASC' } });
    return rows.map(toUser);
  }

  async recipientsIn(target: { communes: readonly string[]; epcis: readonly string[] }): Promise<User[]> {
    const communes = [...new Set(target.communes)];
    const epcis = [...new Set(target.epcis)];
    if (communes.length === 0 && epcis.length === 0) return [];
    const qb = this.m.createQueryBuilder(UserEntity, 'u');
    const either: string[] = [];
    if (communes.length) either.push("(u.role = 'secretary' AND u.commune_insee IN (:...communes))");
    if (epcis.length) either.push("(u.role IN ('dgs', 'agent') AND u.epci_siren IN (:...epcis))");
    const rows = await qb.where(either.join(' OR '), { communes, epcis }).orderBy('u.email', 'ASC').getMany();
    return rows.map(toUser);
  }

  async setCalendarToken(userId: string, token: string | null): Promise<void> {
    await this.writing(this.m.update(UserEntity, { id: userId }, { calendarToken: token }));
  }

  async bumpSessionVersion(userId: string, passwordHash?: string): Promise<void> {
    await this.writing(
      this.m.update(UserEntity, { id: userId }, { sessionVersion: () => 'session_version + 1', ...(passwordHash !== undefined && { passwordHash }) }),
    );
  }

  async insert(user: User): Promise<void> {
    await this.writing(this.m.insert(UserEntity, user));
  }

  count(): Promise<number> {
    return this.m.count(UserEntity);
  }
}
