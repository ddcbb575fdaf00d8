// The CLI as an operator runs it (dist/apps/cli/src/main.js): the password comes from stdin (or a prompt on a
// terminal), never from the command line; an agent's pole must be one of its EPCI's poles; the admin's reset
// revokes the user's sessions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ROOT } from '../../../test/support/processes.js';

const ALM = '244900015';

describe('the CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  const cli = (args: string[], stdin = '') =>
    spawnSync(process.execPath, ['dist/apps/cli/src/main.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, input: stdin, encoding: 'utf8', timeout: 60_000 });

  beforeAll(() => {
    buildDist();
    dir = mkdtempSync(join(tmpdir(), 'alacarte-cli-'));
    env = { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}` };
    expect(cli(['import', '--epci', ALM]).status).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses --password on the command line', () => {
    const run = cli(['user:create', '--email', 'a@b.fr', '--role', 'admin', '--password', 'a-long-enough-password']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/password/);
  });

  it('reads the password from stdin, and refuses a short or common one', () => {
    expect(cli(['user:create', '--email', 'short@alm.fr', '--role', 'dgs', '--epci', ALM], 'Short-pass1\n').stderr).toMatch(/--password: too_small/);
    expect(cli(['user:create', '--email', 'common@alm.fr', '--role', 'dgs', '--epci', ALM], 'password1234\n').stderr).toMatch(/--password: too_common/);
    const ok = cli(['user:create', '--email', 'dgs@alm.fr', '--role', 'dgs', '--epci', ALM], 'a-long-and-unusual-password\n');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^Created dgs dgs@alm\.fr/m);
  });

  it('checks an agent’s --pole against the poles of its EPCI’s catalogue', () => {
    const wrong = cli(['user:create', '--email', 'agent@alm.fr', '--role', 'agent', '--epci', ALM, '--pole', 'nowhere'], 'a-long-and-unusual-password\n');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/No pole nowhere in the catalogue of EPCI 244900015: one of .*urbanisme/);
    expect(wrong.stderr).toMatch(/--pole: unknown_pole/);
    const right = cli(['user:create', '--email', 'agent@alm.fr', '--role', 'agent', '--epci', ALM, '--pole', 'urbanisme'], 'a-long-and-unusual-password\n');
    expect(right.stdout).toMatch(/^Created agent agent@alm\.fr/m);
  });

  it('resets a password from stdin', () => {
    const reset = cli(['user:reset-password', '--email', 'dgs@alm.fr'], 'another-long-unusual-password\n');
    expect(reset.stderr).toBe('');
    expect(reset.stdout).toMatch(/Password of dgs@alm\.fr reset; every session of the user is revoked/);
    expect(cli(['user:reset-password', '--email', 'nobody@alm.fr'], 'another-long-unusual-password\n').stderr).toMatch(/No such user/);
  });
});
