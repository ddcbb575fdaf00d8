// Fault drills, the fast ones (the longer ones: `npm run drill`). A real api process, built from dist and
// started as in production, is killed with SIGKILL in the middle of a mixed load of writes, twice, and
// restarted on the same database in between. After each kill: every write answered 2xx is in the
// database with its audit row and its Idempotency-Key answer; every adhesion's stored state and version
// equal the replay of its audit trail; nothing is half-written (an outbox row per audit row, no stored
// answer without its write); on SQLite the file opens clean (PRAGMA integrity_check = ok).
import { apiKillDrill } from '../../../bench/drills/api-kill.js';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { buildDist } from '../../../test/support/processes.js';

describe('fault drills: the api killed with SIGKILL under load', () => {
  beforeAll(() => buildDist(), 180_000);

  it.each(DATABASE_KINDS)('on %s, loses no acknowledged write and leaves nothing half-written', async (kind) => {
    const outcome = await apiKillDrill(kind, { rounds: 2, loadMs: 1_500, minAcknowledgedPerRound: 30 });
    expect(outcome.failures).toEqual([]);
    // The load was real, and the kills did cut requests off in flight.
    expect(outcome.acknowledged).toBeGreaterThan(50);
    expect(outcome.cutOff).toBeGreaterThan(0);
    expect(outcome.adhesions).toBeGreaterThan(12);
    if (kind === 'sqlite') expect(outcome.integrity).toEqual(['ok', 'ok']);
  }, 120_000);
});
