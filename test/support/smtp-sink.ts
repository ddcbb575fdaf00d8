// A real SMTP server in the test process (the smtp-server package) that keeps what it receives.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string;
  raw: string;
  text: string;
  /** The headers as mailparser reads them (lower-case names). */
  headers: Map<string, unknown>;
  /** The name the client gave in EHLO/HELO. */
  clientName: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Refuses this many messages first (a 451, as a server in trouble would), then accepts. */
  refuseFirst?: number;
  /** Only the messages whose subject matches are refused (the others are accepted and do not count). */
  refuseOnly?: RegExp;
}

/** The subjects of the default hand-over messages (libs/application's notifications/message-templates.ts). */
export const HAND_OVER_SUBJECT = /^(À vous d’agir|Question sur votre demande|Délibération enregistrée|Convention signée|Préavis de résiliation|Dossier clos) : /;

/** The mails that are not the other party's turn: reminders, endings, money notices. */
export const withoutHandOvers = (mails: ReceivedMail[]): ReceivedMail[] => mails.filter((m) => !HAND_OVER_SUBJECT.test(m.subject));

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let refusals = options.refuseFirst ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            if (refusals > 0 && (!options.refuseOnly || options.refuseOnly.test(parsed.subject ?? ''))) {
              refusals--;
              callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
              return;
            }
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              messageId: parsed.messageId ?? '',
              raw,
              text: parsed.text ?? '',
              headers: parsed.headers as Map<string, unknown>,
              clientName: session.hostNameAppearsAs,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A client killed mid-session (a worker under SIGKILL) resets its connection: that is the drill, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
