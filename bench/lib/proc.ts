// Child processes of the bench: forked helpers spoken to over IPC, and the real api/worker entry points.
// The product's processes (spawn, wait, kill) come from the one harness of the tests, test/support/processes.ts.
import { fork, type ChildProcess } from 'node:child_process';
import { ROOT } from '../../test/support/processes.js';
import { processMemory } from './machine.js';

export { freePort, killAndWait, ROOT, spawnMain, waitFor, waitForHttp } from '../../test/support/processes.js';

export interface IpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** A forked Node helper (dist/bench/*.js) that answers commands over IPC. */
export class Helper {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(message: Record<string, unknown>) => void> = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: IpcReply & Record<string, unknown>) => {
      if (typeof message.id === 'number' && this.pending.has(message.id)) {
        const waiter = this.pending.get(message.id)!;
        this.pending.delete(message.id);
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(message.error));
      } else {
        for (const listener of this.listeners) listener(message);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
      if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
    });
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        for (const waiter of this.pending.values()) waiter.reject(new Error(`helper exited (${code}): ${this.stderr.slice(-2000)}`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  static fork(script: string, env: Record<string, string>, heapMiB?: number): Helper {
    const child = fork(`${ROOT}dist/bench/${script}`, [], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // BENCH_PROFILE=<dir> writes a V8 CPU profile of each helper there when it exits.
      execArgv: [...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []), ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    });
    return new Helper(child);
  }

  request<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`helper gone: cannot send ${cmd}`));
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // A channel closed in the meantime rejects this request rather than throwing an unhandled 'error'.
      this.child.send({ id, cmd, args }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  on(listener: (message: Record<string, unknown>) => void): void {
    this.listeners.push(listener);
  }

  memory() {
    return processMemory(this.child.pid!);
  }

  async stop(): Promise<void> {
    // Already gone: exited, or killed (a storm past its budget is killed with SIGKILL before the clean-up).
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      await Promise.race([this.request('stop'), this.exited]);
    } catch {
      // it may exit before answering
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The answering side, for a helper's main module. */
export function serveIpc(handlers: Record<string, (args: Record<string, unknown>) => Promise<unknown> | unknown>): void {
  process.on('message', (message: { id: number; cmd: string; args: Record<string, unknown> }) => {
    const handler = handlers[message.cmd];
    const reply = (body: Omit<IpcReply, 'id'>) => process.send?.({ id: message.id, ...body });
    if (!handler) return reply({ ok: false, error: `unknown command ${message.cmd}` });
    Promise.resolve()
      .then(() => handler(message.args ?? {}))
      .then(
        (result) => reply({ ok: true, result }),
        (error: Error) => reply({ ok: false, error: `${error?.message}\n${error?.stack ?? ''}` }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}
