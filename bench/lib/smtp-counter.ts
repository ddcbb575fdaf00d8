// A local SMTP sink for storms: it counts messages and their Message-IDs (to find duplicates) and keeps
// nothing else, so that 300,000 messages fit in memory. Same server as test/support/smtp-sink.ts.
import { SMTPServer } from 'smtp-server';

export interface SmtpCounter {
  url: string;
  received: number;
  /** Message-IDs seen, each with how many times. */
  ids: Map<string, number>;
  duplicates(): number;
  firstAt: number | null;
  lastAt: number | null;
  close(): Promise<void>;
}

export async function startSmtpCounter(): Promise<SmtpCounter> {
  const counter: SmtpCounter = {
    url: '',
    received: 0,
    ids: new Map(),
    duplicates: () => [...counter.ids.values()].reduce((n, c) => n + c - 1, 0),
    firstAt: null,
    lastAt: null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 16_384 && !head.includes('\r\n\r\n')) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(none ${counter.received})`;
        counter.ids.set(id, (counter.ids.get(id) ?? 0) + 1);
        counter.received++;
        counter.lastAt = performance.now();
        counter.firstAt ??= counter.lastAt;
        callback();
      });
    },
  });
  // A client killed in the middle of a session resets its socket: the server reports it here, and must not crash.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  counter.url = `smtp://127.0.0.1:${port}`;
  counter.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return counter;
}
