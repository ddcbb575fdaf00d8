// The sweep's deadlines run as many at a time as the store gains from, each through the use case once.
import { StaleVersion, TransitionNotAllowed } from '#workflow';
import { ManualClock } from '../common/clock.js';
import { type ApplyEventUseCase } from '../adhesions/apply-event/apply-event.usecase.js';
import { type UnitOfWork } from '../ports/repositories.js';
import { DeadlineDelivery } from './deadline-delivery.js';

type Due = { id: string; kind: string; version: number };

function harness(due: Due[], parallelWrites: number, fail: Record<string, Error> = {}) {
  const pending = new Map(due.map((d) => [d.id, d]));
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const uow = {
    parallelWrites,
    read: (work: (r: unknown) => Promise<unknown>) => work({ adhesions: { due: async (_now: string, limit: number) => [...pending.values()].slice(0, limit) } }),
  } as unknown as UnitOfWork;
  const apply = {
    async execute(_actor: unknown, command: { adhesionId: string }) {
      calls.push(command.adhesionId);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      const error = fail[command.adhesionId];
      if (error instanceof StaleVersion) pending.delete(command.adhesionId);
      if (error) throw error;
      pending.delete(command.adhesionId);
      return {};
    },
  } as unknown as ApplyEventUseCase;
  const delivery = new DeadlineDelivery(uow, new ManualClock(new Date('2027-01-01T08:00:00Z')), apply);
  return { delivery, calls, max: () => maxInFlight };
}

const due = (n: number): Due[] => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, kind: 'ANNIVERSARY_PASSED', version: 3 }));

describe('DeadlineDelivery.deliverAllDue', () => {
  it('runs up to parallelWrites deliveries at a time, each due deadline once', async () => {
    const h = harness(due(50), 8);
    await expect(h.delivery.deliverAllDue(20)).resolves.toEqual({ applied: 50, refused: 0 });
    expect(h.max()).toBe(8);
    expect(new Set(h.calls).size).toBe(50);
    expect(h.calls).toHaveLength(50);
  });

  it('runs one at a time where the store serialises writes', async () => {
    const h = harness(due(10), 1);
    await expect(h.delivery.deliverAllDue()).resolves.toEqual({ applied: 10, refused: 0 });
    expect(h.max()).toBe(1);
  });

  it('counts a refusal once and does not ask again; a stale version is left to the new state', async () => {
    const h = harness(due(6), 4, { a1: new TransitionNotAllowed('refused'), a2: new StaleVersion('stale') });
    await expect(h.delivery.deliverAllDue(3)).resolves.toEqual({ applied: 4, refused: 1 });
    expect(h.calls.filter((id) => id === 'a1')).toHaveLength(1);
  });
});
