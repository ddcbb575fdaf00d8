// E-mail is a port: nodemailer over SMTP when SMTP_URL is set, otherwise in-app notifications only.
import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Derived from the ledger row (`<ledger-id@host>`): a resend keeps it, so any mail client sees one message. */
  messageId: string;
}

export interface SmtpOptions {
  url: string;
  from: string;
  /** The client's name in EHLO (SMTP_NAME); nodemailer's default is the machine's host name. */
  name?: string | null;
  /** How many connections the pool keeps (SMTP_POOL_SIZE); 8 when not given. */
  poolSize?: number;
}

export abstract class Mailer {
  abstract readonly enabled: boolean;
  abstract send(message: MailMessage): Promise<void>;
  async close(): Promise<void> {}
}

export class SmtpMailer extends Mailer {
  readonly enabled = true;
  private readonly transport: Transporter;
  private readonly from: string;
  constructor({ url, from, name, poolSize = 8 }: SmtpOptions) {
    super();
    this.from = from;
    // A pool of connections: a storm of reminders must not open one SMTP connection per message.
    // Every wait is bounded well inside the send lease (NOTIFY_LEASE_SECONDS, 300 s by default): a server
    // that hangs fails the attempt, to be retried, instead of outliving the lease and being sent twice.
    this.transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: poolSize,
      maxMessages: Infinity,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
      ...(name ? { name } : {}),
    } as never);
  }
  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      ...message,
      to: message.to.join(', '),
      // RFC 3834: an automatic message; vacation responders and ticket systems do not answer it.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }
  override async close(): Promise<void> {
    this.transport.close();
  }
}

export class NoMailer extends Mailer {
  readonly enabled = false;
  constructor() {
    super();
    new Logger('Mailer').log('SMTP_URL is not set: notifications are in-app only');
  }
  async send(): Promise<void> {}
}
