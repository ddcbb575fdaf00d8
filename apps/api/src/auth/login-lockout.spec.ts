// The per-account lockout's back-off, and its fallback to memory when Redis does not answer.
import { loadConfig } from '#application';
import { backoffSeconds, LOCKOUT_MAX_SECONDS, LOCKOUT_THRESHOLD, LoginLockout } from './login-lockout.js';

describe('the login lockout', () => {
  it('locks from the threshold on, doubling the wait up to a ceiling', () => {
    expect(backoffSeconds(LOCKOUT_THRESHOLD - 1)).toBe(0);
    expect(backoffSeconds(LOCKOUT_THRESHOLD)).toBe(30);
    expect(backoffSeconds(LOCKOUT_THRESHOLD + 1)).toBe(60);
    expect(backoffSeconds(LOCKOUT_THRESHOLD + 2)).toBe(120);
    expect(backoffSeconds(LOCKOUT_THRESHOLD + 40)).toBe(LOCKOUT_MAX_SECONDS);
  });

  it('counts in memory when Redis is away, per e-mail whatever its case, and a success clears it', async () => {
    // Nothing listens on port 1: every Redis call falls back at once.
    const lockout = new LoginLockout(loadConfig({ DATABASE_URL: 'sqlite::memory:', REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      const t0 = Date.UTC(2026, 0, 5, 9);
      for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
        expect(await lockout.lockedFor('Someone@Example.fr', t0)).toBe(0);
        await lockout.failed('someone@example.fr', t0);
      }
      expect(await lockout.lockedFor('SOMEONE@example.fr', t0)).toBe(30);
      expect(await lockout.lockedFor('someone@example.fr', t0 + 29_000)).toBe(1);
      expect(await lockout.lockedFor('someone@example.fr', t0 + 30_000)).toBe(0);
      expect(await lockout.lockedFor('other@example.fr', t0)).toBe(0);
      await lockout.failed('someone@example.fr', t0 + 30_000);
      expect(await lockout.lockedFor('someone@example.fr', t0 + 30_000)).toBe(60);
      await lockout.succeeded('someone@example.fr');
      expect(await lockout.lockedFor('someone@example.fr', t0 + 30_000)).toBe(0);
    } finally {
      await lockout.onModuleDestroy();
    }
  });
});
