// Who is told, and when: the one rule of notifications/handover.ts, on the rule itself and along a journey of
// the real machine through the use case and the dispatcher (in-memory ports).
import { parisDateOf } from '#domain';
import { pathToActive, type EventType } from '#workflow';
import { RecordingMailer, twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { AfterCommit } from '../common/after-commit.js';
import { ManualClock } from '../common/clock.js';
import { ApplyEventUseCase } from '../adhesions/apply-event/apply-event.usecase.js';
import { CreateAdhesionUseCase } from '../adhesions/create-adhesion/create-adhesion.usecase.js';
import { partyToTell, type Transition } from './handover.js';
import { NotificationDispatcher } from './notification-dispatcher.js';

const move = (t: Partial<Transition>): Transition => ({ event: 'ACKNOWLEDGE', by: 'epci', before: ['epci'], after: ['epci'], final: false, ...t });

describe('the party told of a move', () => {
  it('is the other party when the move hands it the file, and nobody when the file stays with the mover', () => {
    expect(partyToTell(move({ event: 'ISSUE_PROPOSAL', by: 'epci', before: ['epci'], after: ['commune'] }))).toBe('commune');
    expect(partyToTell(move({ event: 'SUBMIT', by: 'commune', before: ['commune'], after: ['epci'] }))).toBe('epci');
    expect(partyToTell(move({ event: 'APPROVE_STUDY', by: 'epci', before: ['epci'], after: ['epci'] }))).toBeNull();
    // Already waited on before: not handed over again by a move that is not a two-party act.
    expect(partyToTell(move({ event: 'RECORD_CST_OPINION', by: 'epci', before: ['commune', 'epci'], after: ['commune', 'epci'] }))).toBeNull();
  });

  it('is the other party of every two-party act (deliberation, signature, notice), even when nothing is handed over', () => {
    for (const event of ['RECORD_DELIBERATION', 'SIGN', 'GIVE_NOTICE'] as EventType[]) {
      expect(partyToTell(move({ event, by: 'commune', before: ['commune', 'epci'], after: ['commune', 'epci'] }))).toBe('epci');
      expect(partyToTell(move({ event, by: 'epci', before: [], after: [] }))).toBe('commune');
    }
  });

  it('is the other party when a person closes the file, and nobody for a time event', () => {
    expect(partyToTell(move({ event: 'WITHDRAW', by: 'commune', before: ['epci'], after: [], final: true }))).toBe('epci');
    // A draft withdrawn: the EPCI never saw it.
    expect(partyToTell(move({ event: 'WITHDRAW', by: 'commune', before: ['commune'], after: [], final: true, draft: true }))).toBeNull();
    expect(partyToTell(move({ event: 'PROPOSAL_EXPIRED', by: null, before: ['commune'], after: [], final: true }))).toBeNull();
    expect(partyToTell(move({ event: 'RENEWAL_WINDOW_OPENED', by: null, before: [], after: ['commune'] }))).toBeNull();
  });
});

describe('a journey, told', () => {
  let world: TwoEpcis;
  let apply: ApplyEventUseCase;
  let dispatcher: NotificationDispatcher;
  let mailer: RecordingMailer;
  let clock: ManualClock;

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    clock.set(new Date('2026-01-05T09:00:00Z'));
    apply = new ApplyEventUseCase(world.uow, clock, new AfterCommit());
    mailer = new RecordingMailer();
    dispatcher = new NotificationDispatcher(world.uow, clock, mailer, 'https://alacarte.example.org');
  });

  const ledger = () => [...world.uow.tables().ledger.values()];

  it('tells the other party once of each move that hands it the file or informs it, in-app and by e-mail, with the link', async () => {
    const { id } = await new CreateAdhesionUseCase(world.uow, clock).execute(world.actors.secretaryA1, { communeInsee: '49007', serviceCode: 'ADS', forecastUnits: 4 });
    const today = parisDateOf(clock.now());
    const told: Array<[string, string, string]> = [];
    for (const { at: _at, ...event } of pathToActive(today, { stepDays: 0, withQuestion: true, startDate: '2026-03-01', validUntil: '2026-02-01', cstAlways: true })) {
      const party = 'party' in event ? event.party : ['SUBMIT', 'PROVIDE_INFO', 'ACCEPT_PROPOSAL'].includes(event.type) ? 'commune' : 'epci';
      const actor = party === 'commune' ? world.actors.secretaryA1 : event.type === 'SUBMIT_STUDY' ? world.actors.agentA : world.actors.dgsA;
      const before = ledger().length;
      await apply.execute(actor, { adhesionId: id, body: event as Record<string, unknown> });
      const rows = ledger().slice(before);
      expect(rows.length).toBeLessThanOrEqual(1);
      for (const row of rows) {
        expect(row.recipient).not.toBe(party); // never the mover's own side
        told.push([event.type, row.kind, row.recipient]);
      }
    }
    expect(told).toEqual([
      ['SUBMIT', 'turn_to_act', 'epci'],
      // The DGS hands the study to the service's agents, who are told; nobody else.
      ['ACKNOWLEDGE', 'turn_to_act', 'agents'],
      ['REQUEST_INFO', 'question_asked', 'commune'],
      ['PROVIDE_INFO', 'turn_to_act', 'epci'],
      ['ISSUE_PROPOSAL', 'turn_to_act', 'commune'],
      ['ACCEPT_PROPOSAL', 'turn_to_act', 'epci'],
      // The commune's council may deliberate once the comité social territorial gave its opinion.
      ['RECORD_CST_OPINION', 'turn_to_act', 'commune'],
      ['RECORD_DELIBERATION', 'deliberation_recorded', 'epci'],
      ['RECORD_DELIBERATION', 'deliberation_recorded', 'commune'],
      ['SIGN', 'convention_signed', 'commune'],
      ['SIGN', 'convention_signed', 'epci'],
    ]);

    await dispatcher.dispatchPending();
    const notifications = [...world.uow.tables().notifications.values()];
    const to = (userId: string) => notifications.filter((n) => n.userId === userId);
    // The commune hears of its five turns, the EPCI (DGS) of its five; the agent of the study step; the other EPCI of nothing.
    expect(to(world.users.secretaryA1.id)).toHaveLength(5);
    expect(to(world.users.dgsA.id)).toHaveLength(5);
    // The pole's agent hears that the study is theirs, then that the answer came back while it is.
    expect(to(world.users.agentA.id).map((n) => n.title)).toEqual([expect.stringMatching(/^À vous d’agir/), expect.stringMatching(/^À vous d’agir/)]);
    expect(to(world.users.agentA.id)[0]!.body).toContain('attend votre action : Transmettre l’étude');
    expect(to(world.users.dgsB.id)).toHaveLength(0);
    expect(to(world.users.secretaryA2.id)).toHaveLength(0);
    expect(mailer.sent).toHaveLength(11);
    expect(mailer.sent[1]).toMatchObject({ to: [world.users.agentA.email] });
    for (const mail of mailer.sent) expect(mail.text).toContain(`https://alacarte.example.org/adhesions/${id}`);
    expect(mailer.sent[2]).toMatchObject({ to: [world.users.secretaryA1.email], subject: expect.stringMatching(/^Question sur votre demande/) });
    expect(mailer.sent[2]!.text).toContain('Combien de permis par an ?');

    // Sent once: another pass sends nothing again.
    await dispatcher.dispatchPending();
    expect(mailer.sent).toHaveLength(11);

    // A notice tells the other party the day it is given, with the date it takes effect.
    await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'GIVE_NOTICE', reason: 'Reprise du service en régie.', effectiveDate: '2026-09-15' } });
    await dispatcher.dispatchPending();
    const notice = mailer.sent.at(-1)!;
    expect(notice.to).toEqual([world.users.dgsA.email]);
    expect(notice.subject).toBe('Préavis de résiliation : Instruction des autorisations du droit des sols (ADS) (Angers)');
    expect(notice.text).toContain('La commune d’Angers a donné préavis de résiliation');
    expect(notice.text).toContain('le 5 janvier 2026');
    expect(notice.text).toContain('La résiliation prendra effet le 15 septembre 2026.');
  });
});
