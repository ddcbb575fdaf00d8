// The demo accounts' passwords, drawn at random when the demo is seeded: printed once to the log, and shown
// on the login page (GET /api/auth/demo-accounts) while the process runs in demo mode. Never in production
// (loadConfig refuses ALACARTE_SEED_DEMO=true there). Beside a SQLite file they are kept in
// `demo-accounts.json` (mode 0600, like the database itself), so that the login page still shows them after
// a restart; with PostgreSQL, only the process that seeded knows them.
import { Inject, Injectable } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DemoAccounts } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export type DemoAccount = DemoAccounts[number];

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

@Injectable()
export class DemoCredentials {
  private accounts: DemoAccount[] | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The accounts just seeded, with their passwords. */
  remember(accounts: DemoAccount[]): void {
    this.accounts = accounts;
    const file = this.file();
    if (file) writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  }

  /** The demo accounts, or null outside demo mode (not seeding, or nothing seeded by this installation). */
  list(): DemoAccount[] | null {
    if (!this.config.seedDemo || this.config.env === 'production') return null;
    if (this.accounts) return this.accounts;
    const file = this.file();
    if (!file) return null;
    try {
      this.accounts = JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[];
    } catch {
      return null;
    }
    return this.accounts;
  }

  /** The password of one demo account (the tests log in with it). */
  passwordOf(email: string): string {
    const account = this.list()?.find((a) => a.email === email);
    if (!account) throw new Error(`No demo account ${email}`);
    return account.password;
  }

  private file(): string | null {
    const db = this.config.database;
    return db.type === 'sqlite' && db.path !== ':memory:' ? join(dirname(db.path), DEMO_ACCOUNTS_FILE) : null;
  }
}
