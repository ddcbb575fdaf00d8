import { eventDefinition, Forbidden, InvalidInput, NotFound, StaleVersion, TransitionNotAllowed } from '#workflow';
import { RELAYED_OUTBOX_KIND } from '../../ports/outbox.js';
import { twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { AfterCommit } from '../../common/after-commit.js';
import { ManualClock } from '../../common/clock.js';
import { CreateAdhesionUseCase } from '../create-adhesion/create-adhesion.usecase.js';
import { ApplyEventUseCase } from './apply-event.usecase.js';

describe('ApplyEventUseCase', () => {
  let world: TwoEpcis;
  let apply: ApplyEventUseCase;
  let id: string;
  let relayed = 0;

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-01-05T09:00:00Z'));
    const afterCommit = new AfterCommit();
    relayed = 0;
    afterCommit.onOutboxWritten(() => relayed++);
    apply = new ApplyEventUseCase(world.uow, clock, afterCommit);
    id = (await new CreateAdhesionUseCase(world.uow, clock).execute(world.actors.secretaryA1, { communeInsee: '49007', serviceCode: 'ADS', forecastUnits: 4 })).id;
  });

  const audit = () => [...world.uow.tables().audit.values()].filter((row) => row.adhesionId === id);
  const outbox = () => [...world.uow.tables().outbox.values()].filter((row) => row.adhesionId === id);

  it('moves the adhesion, and writes its audit row and its outbox row in the same write', async () => {
    const submitted = await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'SUBMIT' } });
    expect(submitted).toMatchObject({ state: 'submitted', version: 2 });
    expect(audit().map((a) => [a.sequence, a.event, a.toState])).toEqual([
      [1, 'CREATED', 'draft'],
      [2, 'SUBMIT', 'submitted'],
    ]);
    expect(outbox().map((o) => o.kind)).toEqual(['adhesion.created', 'adhesion.transitioned']);
    // No deadline written: nothing for the relay to move, so it is not woken.
    expect(relayed).toBe(0);
  });

  it('wakes the outbox relay after a commit that wrote a deadline, and only then', async () => {
    let version = (await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'SUBMIT' } })).version;
    for (const type of ['ACKNOWLEDGE', 'SUBMIT_STUDY', 'APPROVE_STUDY'] as const) {
      const body = { type, ...eventDefinition(type).example({ today: '2026-01-05', party: 'epci', noticePeriodMonths: 3 }) };
      version = (await apply.execute(world.actors.dgsA, { adhesionId: id, body, expectedVersion: version })).version;
    }
    expect(relayed).toBe(0);
    const body = { type: 'ISSUE_PROPOSAL', ...eventDefinition('ISSUE_PROPOSAL').example({ today: '2026-01-05', party: 'epci', noticePeriodMonths: 3 }) };
    const proposed = await apply.execute(world.actors.dgsA, { adhesionId: id, body, expectedVersion: version });
    expect(proposed.nextDeadline?.kind).toBe('PROPOSAL_EXPIRED');
    expect(outbox().filter((o) => o.kind === RELAYED_OUTBOX_KIND)).toHaveLength(1);
    expect(relayed).toBe(1);
  });

  it('answers "not found" to another EPCI’s DGS and to another commune’s secretary, and writes nothing', async () => {
    await expect(apply.execute(world.actors.dgsB, { adhesionId: id, body: { type: 'ACKNOWLEDGE' } })).rejects.toThrow(NotFound);
    await expect(apply.execute(world.actors.secretaryA2, { adhesionId: id, body: { type: 'SUBMIT' } })).rejects.toThrow(NotFound);
    expect(audit()).toHaveLength(1);
  });

  it('refuses an event the role may not send, and one the state does not accept', async () => {
    await expect(apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'ACKNOWLEDGE' } })).rejects.toThrow(Forbidden);
    await expect(apply.execute(world.actors.dgsA, { adhesionId: id, body: { type: 'ACKNOWLEDGE' } })).rejects.toThrow(TransitionNotAllowed);
  });

  it('refuses a stale version with a 409 that lists what the caller may do now', async () => {
    await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'SUBMIT' } });
    await expect(apply.execute(world.actors.dgsA, { adhesionId: id, body: { type: 'ACKNOWLEDGE' }, expectedVersion: 1 })).rejects.toMatchObject({
      constructor: StaleVersion,
      details: { currentVersion: 2, allowedEvents: expect.arrayContaining(['ACKNOWLEDGE']) },
    });
  });

  it('checks the payload against the event’s definition, naming the field', async () => {
    await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'SUBMIT' } });
    await apply.execute(world.actors.dgsA, { adhesionId: id, body: { type: 'ACKNOWLEDGE' } });
    await expect(apply.execute(world.actors.agentA, { adhesionId: id, body: { type: 'SUBMIT_STUDY', forecastUnits: -1, staffImpact: false } })).rejects.toMatchObject({
      constructor: InvalidInput,
      details: { issues: [expect.objectContaining({ field: 'forecastUnits' })] },
    });
  });

  it('stores the answer of an Idempotency-Key in the write it answers', async () => {
    const context = { userId: world.users.secretaryA1.id, key: 'submit-1', requestHash: 'h' };
    const answer = await apply.execute(world.actors.secretaryA1, { adhesionId: id, body: { type: 'SUBMIT' }, idempotency: context });
    const stored = await world.uow.read((r) => r.idempotency.find(context.userId, context.key));
    expect(stored).toMatchObject({ statusCode: 200, body: JSON.parse(JSON.stringify(answer)) });
  });
});
