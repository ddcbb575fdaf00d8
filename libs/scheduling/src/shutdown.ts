// A bounded shutdown. Closing a BullMQ worker or queue waits on Redis, and with Redis down it waits for ever:
// each close gets a deadline, after which its connections are dropped; and the process as a whole exits
// within SHUTDOWN_DEADLINE_MS of SIGTERM or SIGINT whatever hangs (a hard timer, the last resort).
import { Logger } from '@nestjs/common';

/** The whole process, from the signal to its exit. */
export const SHUTDOWN_DEADLINE_MS = 8_000;
/** One BullMQ close (worker or queue) before its connections are dropped. */
export const CLOSE_DEADLINE_MS = 3_000;

/** Resolves with true when `work` settles within `ms`, false otherwise (the work is left to itself). */
export async function settlesWithin(work: Promise<unknown> | null | undefined, ms: number): Promise<boolean> {
  if (!work) return true;
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/**
 * On the first SIGTERM or SIGINT, a timer that ends the process after `ms` if the graceful close (Nest's
 * shutdown hooks: workers, queues, Redis, the database) has not ended it by then. Unref'd: it never keeps
 * a process alive by itself.
 */
export function exitWithin(ms = SHUTDOWN_DEADLINE_MS): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        new Logger('Shutdown').error(`Still running ${ms} ms after ${signal}: exiting now`);
        process.exit(1);
      }, ms).unref();
    });
  }
}
