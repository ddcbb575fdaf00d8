// Issue 12, reliability: SIGTERM with Redis down ends the process within 10 s, the api and the worker
// alike (BullMQ's close waits on Redis for ever; each close has a deadline, and a hard timer ends the rest).
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, freePort, killAndWait, startProcess, waitFor, waitForHttp } from '../../../test/support/processes.js';
import { OwnRedis } from '../../../test/support/redis.js';

describe('SIGTERM with Redis down', () => {
  let redis: OwnRedis;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => buildDist(), 180_000);
  beforeEach(async () => {
    redis = await OwnRedis.start();
    dir = mkdtempSync(join(tmpdir(), 'alacarte-shutdown-'));
  });
  afterEach(async () => {
    if (child) await killAndWait(child);
    await redis?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const exited = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('exit', () => resolve())));

  async function stopWithRedisDown(entry: 'api' | 'worker', ready: (process: ChildProcess, port: number) => Promise<void>): Promise<number> {
    const port = await freePort();
    child = startProcess(entry, { DATABASE_URL: `sqlite:${join(dir, 'alacarte.sqlite')}`, REDIS_URL: redis.url, REDIS_PREFIX: `t_stop_${port}`, PORT: String(port), SWEEP_EVERY_SECONDS: '1' });
    await ready(child, port);
    await redis.down();
    // Let the connections notice, and BullMQ start reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const started = Date.now();
    child.kill('SIGTERM');
    // The 20 s bound is cleared once the process is gone: a timer left running would keep Jest's worker alive.
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([exited(child), new Promise((resolve) => (bound = setTimeout(resolve, 20_000)))]);
    clearTimeout(bound);
    return Date.now() - started;
  }

  it('ends the api within 10 s', async () => {
    const took = await stopWithRedisDown('api', (process, port) => waitForHttp(port, 60_000, process));
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
    expect(took).toBeLessThan(10_000);
  }, 90_000);

  it('ends the worker within 10 s', async () => {
    const took = await stopWithRedisDown('worker', async (process) => {
      let output = '';
      process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      process.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => /worker started/.test(output), 60_000, 'the worker to start');
      // The worker has its BullMQ connections open (the sweep runs every second).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    });
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
    expect(took).toBeLessThan(10_000);
  }, 90_000);
});
