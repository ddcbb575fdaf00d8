// The fast tier's mailer: keeps every message it accepts, refuses those to the addresses it is told to, and
// lets a test see (or hold) each message as it goes.
import { Mailer, type MailMessage } from '../../src/notifications/mailer.js';

export class RecordingMailer extends Mailer {
  readonly enabled = true;
  readonly sent: MailMessage[] = [];
  refuse = new Set<string>();
  onSend: (message: MailMessage) => Promise<void> | void = () => undefined;
  async send(message: MailMessage): Promise<void> {
    await this.onSend(message);
    if (message.to.some((to) => this.refuse.has(to))) throw new Error('550 mailbox unavailable');
    this.sent.push(message);
  }
}
