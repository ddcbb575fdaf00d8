// Real processes of the product (built into dist/), for drills that kill them or run several at once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** Compiles apps and libs into dist/ (incremental: quick when nothing changed). */
export function buildDist(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function startProcess(entry: 'api' | 'worker', env: Record<string, string>, name: string = entry): ChildProcess {
  const child = spawn(process.execPath, [`dist/apps/${entry}/src/main.js`], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ALACARTE_SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.env.DEBUG_PROCESSES && process.stderr.write(`[${name}] ${chunk}`));
  return child;
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until an api process answers its health check. */
export async function waitForApi(port: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, timeoutMs, `the api on port ${port}`);
}
