// The people who log in, in memory. The e-mail and the calendar token are unique, as in the schema.
import { type User, type UserDirectory } from '../../src/ports/index.js';
import { clone, compareText, type Tx } from './in-memory-tables.js';

export class InMemoryUserDirectory implements UserDirectory {
  constructor(private readonly tx: Tx) {}

  async byId(id: string): Promise<User | null> {
    return this.first((u) => u.id === id);
  }

  async byEmail(email: string): Promise<User | null> {
    return this.first((u) => u.email === email);
  }

  async byCalendarToken(token: string): Promise<User | null> {
    return this.first((u) => u.calendarToken === token);
  }

  async secretariesOf(communeInsee: string): Promise<User[]> {
    return this.where((u) => u.role === 'secretary' && u.communeInsee === communeInsee);
  }

  async dgsOf(epciSiren: string): Promise<User[]> {
    return this.where((u) => u.role === 'dgs' && u.epciSiren === epciSiren);
  }

  async agentsOf(epciSiren: string, pole: string): Promise<User[]> {
    return this.where((u) => u.role === 'agent' && u.epciSiren === epciSiren && u.pole === pole);
  }

  async recipientsIn(target: { communes: readonly string[]; epcis: readonly string[] }): Promise<User[]> {
    const communes = new Set(target.communes);
    const epcis = new Set(target.epcis);
    return this.where(
      (u) => (u.role === 'secretary' && u.communeInsee !== null && communes.has(u.communeInsee)) || ((u.role === 'dgs' || u.role === 'agent') && u.epciSiren !== null && epcis.has(u.epciSiren)),
    );
  }

  async setCalendarToken(userId: string, token: string | null): Promise<void> {
    const current = this.tx.mutable('setCalendarToken').users.get(userId);
    if (current) this.tx.update('users', userId, { ...current, calendarToken: token });
  }

  async bumpSessionVersion(userId: string, passwordHash?: string): Promise<void> {
    const current = this.tx.mutable('bumpSessionVersion').users.get(userId);
    if (current) this.tx.update('users', userId, { ...current, sessionVersion: current.sessionVersion + 1, ...(passwordHash !== undefined && { passwordHash }) });
  }

  async insert(user: User): Promise<void> {
    this.tx.insert('users', user);
  }

  async count(): Promise<number> {
    return this.tx.rows.users.size;
  }

  private first(match: (u: User) => boolean): User | null {
    for (const user of this.tx.rows.users.values()) if (match(user)) return clone(user);
    return null;
  }

  /** Ordered by e-mail, so that recipients come in a stable order. */
  private where(match: (u: User) => boolean): User[] {
    return [...this.tx.rows.users.values()]
      .filter(match)
      .sort((a, b) => compareText(a.email, b.email))
      .map(clone);
  }
}
