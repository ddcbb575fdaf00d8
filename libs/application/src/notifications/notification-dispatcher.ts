// Sends what the ledger decided, after the commit that decided it, a batch at a time (P6). A batch is claimed
// in one statement (pending → sending, with a lease), so two workers never send a row both; its recipients,
// records and templates are read in a few queries, its in-app notifications inserted in one; its messages go
// out `concurrency` at a time on the pooled transport, and those sent are marked in grouped UPDATEs. A send
// that succeeded is marked sent and never repeated; a failure is retried with backoff, then marked failed.
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { publicHost } from '../common/public-host.js';
import { type AdhesionRecord, type Epci, type LedgerRow, type Notification, type NotificationTemplateRecord, type User } from '../ports/records.js';
import { type Repositories, UnitOfWork } from '../ports/repositories.js';
import { Mailer } from './mailer.js';
import { defaultTemplate, isTemplateKind, renderTemplate, type TemplateContext } from './message-templates.js';
import { renderMessage } from './templates.fr.js';

export const MAX_SEND_ATTEMPTS = 8;
export const PUBLIC_URL = Symbol('PUBLIC_URL');
export const NOTIFY_LEASE_MS = Symbol('NOTIFY_LEASE_MS');
/** How many messages are in flight at once (NOTIFY_CONCURRENCY): at most these are sent again after a crash. */
export const NOTIFY_CONCURRENCY = Symbol('NOTIFY_CONCURRENCY');
export const DEFAULT_NOTIFY_CONCURRENCY = 16;
/** Rows claimed by one statement. */
export const NOTIFY_BATCH = 200;

type Outcome = 'sent' | 'retry' | 'failed' | 'skipped';

/** A claimed row, ready to go: its recipients and its words. */
interface Composed {
  row: LedgerRow;
  recipients: User[];
  link: string;
  adhesionId: string | null;
  message: { title: string; text: string; html: string };
}

@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('Notifications');
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    @Optional() @Inject(PUBLIC_URL) private readonly publicUrl = 'http://localhost:3000',
    @Optional() @Inject(NOTIFY_LEASE_MS) private readonly leaseMs = 5 * 60_000,
    @Optional() @Inject(NOTIFY_CONCURRENCY) private readonly concurrency = DEFAULT_NOTIFY_CONCURRENCY,
  ) {}

  /** Sends every pending row whose (re)try time has come, `limit` claimed at a time; returns how many were sent. */
  async dispatchPending(limit = NOTIFY_BATCH): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.dispatchBatch(limit);
      sent += batch.sent;
      failed += batch.failed;
      // A row claimed here is sent, retried later or left to its lease: claiming again finds only newer ones.
      if (batch.claimed < limit) break;
    }
    return { sent, failed };
  }

  /** Claims up to `limit` rows in one statement and sends them; what became of them. */
  async dispatchBatch(limit = NOTIFY_BATCH): Promise<{ claimed: number; sent: number; failed: number }> {
    const now = this.clock.now();
    const started = Date.now();
    const claimed = await this.uow.write(async (r) => {
      const rows = await r.ledger.claimBatch(now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString(), limit);
      return { rows, ...(await this.prepare(r, rows, now.toISOString())) };
    });
    if (claimed.rows.length === 0) return { claimed: 0, sent: 0, failed: 0 };
    let sent = 0;
    let failed = 0;
    const count = (outcome: Outcome) => {
      if (outcome === 'sent') sent++;
      if (outcome === 'failed') failed++;
    };
    for (const { row, error } of claimed.unreadable) count(await this.fail(row, error));
    const marks = new SentMarks((ids) => this.uow.write((r) => r.ledger.markSent(ids, this.clock.now().toISOString())));
    // A message starts while half its lease is left at least: every wait of the mailer is bounded well inside
    // a lease, so a message is never sent after another worker may have taken it over. Those left are taken
    // again when their lease has passed.
    const startBy = started + this.leaseMs / 2;
    await inParallel(claimed.ready, this.concurrency, async (item) => {
      if (Date.now() > startBy) return;
      count(await this.deliver(item, marks));
    });
    return { claimed: claimed.rows.length, sent, failed };
  }

  /** Sends one ledger row, if it is still to send and nobody else holds it. */
  async send(ledgerId: string): Promise<Outcome> {
    const now = this.clock.now();
    const claimed = await this.uow.write(async (r) => {
      const row = await r.ledger.claim(ledgerId, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString());
      return row ? { row, ...(await this.prepare(r, [row], now.toISOString())) } : null;
    });
    if (!claimed) return 'skipped';
    if (claimed.unreadable.length) return this.fail(claimed.row, claimed.unreadable[0].error);
    return this.deliver(claimed.ready[0], new SentMarks((ids) => this.uow.write((r) => r.ledger.markSent(ids, this.clock.now().toISOString()))));
  }

  /**
   * In the claim's transaction: composes the claimed rows and inserts their in-app notifications in one
   * statement (one per (ledger row, user): idempotent if a row is sent again after its lease).
   */
  private async prepare(r: Repositories, rows: LedgerRow[], at: string) {
    const composed = await this.compose(r, rows);
    const ready: Composed[] = [];
    const unreadable: Array<{ row: LedgerRow; error: Error }> = [];
    for (const row of rows) {
      const item = composed.get(row.id)!;
      if (item instanceof Error) unreadable.push({ row, error: item });
      else ready.push(item);
    }
    const inApp: Notification[] = ready.flatMap(({ row, recipients, adhesionId, message, link }) =>
      recipients.map((user) => ({ id: newId(), ledgerId: row.id, userId: user.id, adhesionId, kind: row.kind, title: message.title, body: message.text, link, createdAt: at, readAt: null })),
    );
    await r.notifications.deliver(inApp);
    return { ready, unreadable };
  }

  /** Sends one composed row and marks it; a failure touches this row only. */
  private async deliver(item: Composed, marks: SentMarks): Promise<Outcome> {
    const { row, recipients, message } = item;
    try {
      if (recipients.length && this.mailer.enabled) {
        await this.mailer.send({ to: recipients.map((u) => u.email), subject: message.title, text: message.text, html: message.html, messageId: `<${row.id}@${publicHost(this.publicUrl)}>` });
      }
    } catch (error) {
      return this.fail(row, error as Error);
    }
    // Marked before this sender takes another message: at most `concurrency` sent and unmarked at any time.
    await marks.add(row.id);
    return 'sent';
  }

  /** A failed attempt: retried with backoff, or given up after MAX_SEND_ATTEMPTS. */
  private async fail(row: LedgerRow, error: Error): Promise<Outcome> {
    const attempts = row.attempts;
    const giveUp = attempts >= MAX_SEND_ATTEMPTS;
    const retryAt = new Date(this.clock.now().getTime() + Math.min(2 ** attempts, 240) * 60_000).toISOString();
    this.logger.warn(`Sending ${row.id} failed (attempt ${attempts}): ${error.message}`);
    await this.uow.write((r) => r.ledger.markFailed(row.id, { giveUp, retryAt, error: String(error.message).slice(0, 2000) }));
    return giveUp ? 'failed' : 'retry';
  }

  /**
   * Who receives each row and what it says, about one adhesion or to an EPCI as a whole: the adhesions, the
   * EPCIs, the people and the EPCIs' own templates of the whole batch in a few reads, not per message.
   */
  private async compose(r: Repositories, rows: LedgerRow[]): Promise<Map<string, Composed | Error>> {
    const records = new Map<string, AdhesionRecord>();
    const adhesionIds = rows.filter((row) => row.adhesionId).map((row) => row.adhesionId!);
    if (adhesionIds.length) for (const record of await r.adhesions.getMany(adhesionIds)) records.set(record.adhesion.id, record);
    const epcis = new Map<string, Epci>();
    for (const siren of new Set(rows.filter((row) => !row.adhesionId).map((row) => row.epciSiren!))) {
      const epci = await r.communes.epci(siren);
      if (epci) epcis.set(siren, epci);
    }
    // Whose people to read: the communes told, and the EPCIs whose DGS or agents are told.
    const communes = new Set<string>();
    const epciPeople = new Set<string>(epcis.keys());
    for (const row of rows) {
      const record = row.adhesionId ? records.get(row.adhesionId) : undefined;
      if (!record) continue;
      if (row.recipient === 'commune' || row.recipient === 'both') communes.add(record.adhesion.communeInsee);
      if (row.recipient === 'epci' || row.recipient === 'both' || row.payload.withAgents === true) epciPeople.add(record.adhesion.epciSiren);
    }
    const people = new People(communes.size || epciPeople.size ? await r.users.recipientsIn({ communes: [...communes], epcis: [...epciPeople] }) : []);
    const templateEpcis = new Set<string>();
    for (const row of rows) {
      if (!isTemplateKind(row.kind)) continue;
      const siren = row.adhesionId ? records.get(row.adhesionId)?.adhesion.epciSiren : row.epciSiren;
      if (siren) templateEpcis.add(siren);
    }
    const templates = new Map<string, NotificationTemplateRecord>();
    if (templateEpcis.size) for (const t of await r.notificationTemplates.ofEpcis([...templateEpcis])) templates.set(`${t.epciSiren}|${t.kind}`, t);
    const render = (epciSiren: string, kind: string, context: TemplateContext) => {
      // The EPCI's own template of the kind if its DGS wrote one, else the product's; rendered when sent.
      if (!isTemplateKind(kind)) return renderMessage({ kind, ...context });
      return renderTemplate(kind, templates.get(`${epciSiren}|${kind}`) ?? defaultTemplate(kind), context);
    };

    const composed = new Map<string, Composed | Error>();
    for (const row of rows) {
      try {
        if (!row.adhesionId) {
          const epci = epcis.get(row.epciSiren!);
          if (!epci) throw new Error(`EPCI not found: ${row.epciSiren}`);
          const link = `${this.publicUrl}/catalogue`;
          const message = render(epci.siren, row.kind, { communeName: epci.name, serviceName: '', epciName: epci.name, payload: row.payload, link });
          composed.set(row.id, { row, recipients: people.dgsOf(epci.siren), link, message, adhesionId: null });
          continue;
        }
        const record = records.get(row.adhesionId);
        if (!record) throw new Error(`Adhesion not found: ${row.adhesionId}`);
        const { adhesion, commune, service, epci } = record;
        const recipients: User[] = [];
        if (row.recipient === 'commune' || row.recipient === 'both') recipients.push(...people.secretariesOf(adhesion.communeInsee));
        if (row.recipient === 'epci' || row.recipient === 'both') recipients.push(...people.dgsOf(adhesion.epciSiren));
        if (row.payload.withAgents === true && service.pole) recipients.push(...people.agentsOf(adhesion.epciSiren, service.pole));
        const link = `${this.publicUrl}/adhesions/${adhesion.id}`;
        const message = render(adhesion.epciSiren, row.kind, { communeName: commune.name, serviceName: service.name, epciName: epci.name, payload: row.payload, link });
        composed.set(row.id, { row, recipients, link, message, adhesionId: adhesion.id });
      } catch (error) {
        composed.set(row.id, error as Error);
      }
    }
    return composed;
  }
}

/** The people of a batch, by who they are told as: each list by e-mail, as the directory gives them. */
class People {
  private readonly groups = new Map<string, User[]>();
  constructor(users: User[]) {
    for (const user of users) {
      const key =
        user.role === 'secretary' ? `secretary|${user.communeInsee}` : user.role === 'dgs' ? `dgs|${user.epciSiren}` : user.role === 'agent' ? `agent|${user.epciSiren}|${user.pole}` : null;
      if (!key) continue;
      const group = this.groups.get(key) ?? [];
      group.push(user);
      this.groups.set(key, group);
    }
  }
  secretariesOf(communeInsee: string): User[] {
    return this.groups.get(`secretary|${communeInsee}`) ?? [];
  }
  dgsOf(epciSiren: string): User[] {
    return this.groups.get(`dgs|${epciSiren}`) ?? [];
  }
  agentsOf(epciSiren: string, pole: string): User[] {
    return this.groups.get(`agent|${epciSiren}|${pole}`) ?? [];
  }
}

/**
 * The sent rows, marked in groups: the first waits for nobody, those that finish while an UPDATE runs go in
 * the next one together. A caller's promise settles when its row is marked (or the UPDATE failed).
 */
export class SentMarks {
  private waiting: Array<{ id: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing = false;
  constructor(private readonly mark: (ids: string[]) => Promise<void>) {}

  add(id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const group = this.waiting.splice(0);
      try {
        await this.mark(group.map((g) => g.id));
        for (const g of group) g.resolve();
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.flushing = false;
  }
}

/**
 * Runs `work` over `items`, `concurrency` at a time. After a failure no new item starts; the first failure
 * is thrown once those started have settled.
 */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
      while (!failure && next < items.length) {
        const item = items[next++];
        try {
          await work(item);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
}
