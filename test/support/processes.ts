// Real processes of the product (built into dist/), for the tests and the drills that kill them or run several
// at once: one harness, used by apps/*/test and by bench/ (which adds its IPC helpers in bench/lib/proc.ts).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, whether this file runs from its source (Jest) or compiled into dist/ (the bench). */
export const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../' : '../../', import.meta.url));

/** Written after each build of the server, by this harness and by scripts/build.mjs alike. */
const BUILD_STAMP = join(ROOT, 'dist/.build-stamp');
const BUILD_LOCK = join(ROOT, 'dist/.build-lock');
const ENTRY_POINTS = ['api', 'worker', 'cli'].map((app) => join(ROOT, `dist/apps/${app}/src/main.js`));

/** The newest modification time of the server's sources (what scripts/build.mjs watches: no tests, no web). */
function newestSource(): number {
  let latest = 0;
  const visit = (path: string) => {
    if (/[/\\](node_modules|dist|test)$/.test(path) || /\.(e2e-)?spec\.ts$/.test(path) || path === join(ROOT, 'apps/web') || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const path of ['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(join(ROOT, path));
  return latest;
}

const distIsCurrent = () => ENTRY_POINTS.every((file) => existsSync(file)) && existsSync(BUILD_STAMP) && newestSource() <= statSync(BUILD_STAMP).mtimeMs;

/**
 * Compiles apps and libs into dist/ when a source changed since the last build. The test files that need
 * dist/ ask at the same time from Jest's workers: a lock directory lets one of them build while the others
 * wait and then find dist/ current (two tsc runs writing the same dist/ would race).
 */
export function buildDist(): void {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const giveUp = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmSync(BUILD_LOCK, { recursive: true, force: true }); // left by a run that was killed
      if (Date.now() > giveUp) throw new Error(`${BUILD_LOCK} is still held after 5 minutes`, { cause: error });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (distIsCurrent()) return;
    const started = new Date();
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    // Dated from the start of the build: a source saved while tsc ran is newer, and is built next time.
    writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`);
    utimesSync(BUILD_STAMP, started, started);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `node dist/apps/<app>/src/main.js` with its environment, as in production; its output echoed when DEBUG_PROCESSES is set. */
export function spawnMain(app: 'api' | 'worker', env: Record<string, string>, label: string = app, execArgv: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...execArgv, `dist/apps/${app}/src/main.js`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const echo = (chunk: Buffer) => (process.env.DEBUG_PROCESSES || process.env.BENCH_DEBUG) && process.stderr.write(`[${label}] ${chunk}`);
  child.stdout?.on('data', echo);
  child.stderr?.on('data', echo);
  return child;
}

/** A process of the product for a test: test environment, no demo seed. */
export function startProcess(entry: 'api' | 'worker', env: Record<string, string>, name: string = entry): ChildProcess {
  return spawnMain(entry, { NODE_ENV: 'test', ALACARTE_SEED_DEMO: 'false', ...env }, name);
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until an api process answers its health check with a 2xx. */
export async function waitForApi(port: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, timeoutMs, `the api on port ${port}`);
}

/** Waits until GET /health answers at all (any status: the process is up and serving); fails at once if `child` exits. */
export async function waitForHttp(port: number, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`The process meant to listen on port ${port} exited (${child.exitCode ?? child.signalCode})`);
    }
    try {
      await (await fetch(`http://127.0.0.1:${port}/health`)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Nothing answers on port ${port} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Sends `signal` and waits for the exit; a process still there after 15 s gets SIGKILL. */
export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
