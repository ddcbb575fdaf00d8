// Sends what the ledger decided, after the commit that decided it. A row is claimed with a
// compare-and-swap (pending → sending, with a lease), so two workers never send it both; a send that
// succeeded is marked sent and never repeated; a failure is retried with backoff, then marked failed.
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { NotFound } from '#workflow';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { publicHost } from '../common/public-host.js';
import { type LedgerRow, type User } from '../ports/records.js';
import { type Repositories, UnitOfWork } from '../ports/repositories.js';
import { Mailer } from './mailer.js';
import { defaultTemplate, isTemplateKind, renderTemplate, type TemplateContext } from './message-templates.js';
import { renderMessage } from './templates.fr.js';

export const MAX_SEND_ATTEMPTS = 8;
const SEND_PARALLELISM = 8;
export const PUBLIC_URL = Symbol('PUBLIC_URL');
export const NOTIFY_LEASE_MS = Symbol('NOTIFY_LEASE_MS');

@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('Notifications');
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    @Optional() @Inject(PUBLIC_URL) private readonly publicUrl = 'http://localhost:3000',
    @Optional() @Inject(NOTIFY_LEASE_MS) private readonly leaseMs = 5 * 60_000,
  ) {}

  /** Sends every pending row whose (re)try time has come; returns how many were sent. */
  async dispatchPending(limit = 200): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      const now = this.clock.now().toISOString();
      const ids = await this.uow.read((r) => r.ledger.sendable(now, limit));
      if (ids.length === 0) break;
      let progress = 0;
      // Several at a time: the database work is short, the SMTP round trips overlap.
      for (let i = 0; i < ids.length; i += SEND_PARALLELISM) {
        const outcomes = await Promise.all(ids.slice(i, i + SEND_PARALLELISM).map((id) => this.send(id)));
        for (const outcome of outcomes) {
          if (outcome === 'sent') sent++;
          if (outcome === 'failed') failed++;
          if (outcome !== 'skipped') progress++;
        }
      }
      if (progress === 0 || ids.length < limit) break;
    }
    return { sent, failed };
  }

  /** Sends one ledger row, if it is still to send and nobody else holds it. */
  async send(ledgerId: string): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
    const now = this.clock.now();
    const claimed = await this.uow.write(async (r) => {
      const row = await r.ledger.claim(ledgerId, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString());
      if (!row) return null;
      const { recipients, link, message, adhesionId } = await this.compose(r, row);
      // In-app: one row per user, idempotent on (ledger, user) if this send is retried.
      await r.notifications.deliver(
        recipients.map((user) => ({
          id: newId(),
          ledgerId: row.id,
          userId: user.id,
          adhesionId,
          kind: row.kind,
          title: message.title,
          body: message.text,
          link,
          createdAt: now.toISOString(),
          readAt: null,
        })),
      );
      return { row, message, to: recipients.map((u) => u.email) };
    });
    if (!claimed) return 'skipped';
    try {
      if (claimed.to.length && this.mailer.enabled) {
        await this.mailer.send({ to: claimed.to, subject: claimed.message.title, text: claimed.message.text, html: claimed.message.html, messageId: `<${ledgerId}@${publicHost(this.publicUrl)}>` });
      }
      await this.uow.write((r) => r.ledger.markSent(ledgerId, this.clock.now().toISOString()));
      return 'sent';
    } catch (error) {
      const attempts = claimed.row.attempts;
      const giveUp = attempts >= MAX_SEND_ATTEMPTS;
      const retryAt = new Date(this.clock.now().getTime() + Math.min(2 ** attempts, 240) * 60_000).toISOString();
      this.logger.warn(`Sending ${ledgerId} failed (attempt ${attempts}): ${(error as Error).message}`);
      await this.uow.write((r) => r.ledger.markFailed(ledgerId, { giveUp, retryAt, error: String((error as Error).message).slice(0, 2000) }));
      return giveUp ? 'failed' : 'retry';
    }
  }

  /** Who receives a ledger row and what it says: about one adhesion, or to an EPCI as a whole. */
  private async compose(r: Repositories, row: LedgerRow) {
    if (!row.adhesionId) {
      const epci = await r.communes.epci(row.epciSiren!);
      if (!epci) throw new NotFound('EPCI not found', { siren: row.epciSiren });
      const recipients = await r.users.dgsOf(epci.siren);
      const link = `${this.publicUrl}/catalogue`;
      const message = await render(r, epci.siren, row.kind, { communeName: epci.name, serviceName: '', epciName: epci.name, payload: row.payload, link });
      return { recipients, link, message, adhesionId: null };
    }
    const record = await r.adhesions.get(row.adhesionId);
    if (!record) throw new NotFound('Adhesion not found', { id: row.adhesionId });
    const { adhesion, commune, service, epci } = record;
    const recipients: User[] = [];
    if (row.recipient === 'commune' || row.recipient === 'both') recipients.push(...(await r.users.secretariesOf(adhesion.communeInsee)));
    if (row.recipient === 'epci' || row.recipient === 'both') recipients.push(...(await r.users.dgsOf(adhesion.epciSiren)));
    if (row.payload.withAgents === true && service.pole) recipients.push(...(await r.users.agentsOf(adhesion.epciSiren, service.pole)));
    const link = `${this.publicUrl}/adhesions/${adhesion.id}`;
    const message = await render(r, adhesion.epciSiren, row.kind, { communeName: commune.name, serviceName: service.name, epciName: epci.name, payload: row.payload, link });
    return { recipients, link, message, adhesionId: adhesion.id };
  }
}

/** The EPCI's own template of the kind if its DGS wrote one, else the product's; rendered when sent. */
async function render(r: Repositories, epciSiren: string, kind: string, context: TemplateContext) {
  if (!isTemplateKind(kind)) return renderMessage({ kind, ...context });
  const own = await r.notificationTemplates.get(epciSiren, kind);
  return renderTemplate(kind, own ?? defaultTemplate(kind), context);
}
