// changedColumns: a compare-and-swap writes the columns whose value changes, and the snapshot always.
import { changedColumns } from './adhesion-row.js';
import { anAdhesion } from '../../test/in-memory/fixtures.js';

/** An adhesion in study, as stored, with no deadline. */
const stored = anAdhesion({ state: 'study', stateDetail: 'study.inProgress', nextDeadlineAt: null, contractYear: 0, forecastUnits: '10' });

describe('changedColumns', () => {
  it('keeps what differs from the stored adhesion, and the snapshot, and nothing else', () => {
    const snapshot = { value: { study: 'waitingForCommune' }, context: {} };
    expect(
      changedColumns(stored, {
        state: 'study',
        stateDetail: 'study.waitingForCommune',
        snapshot,
        nextDeadlineAt: null,
        forecastUnits: '10',
        liveKey: stored.liveKey,
        updatedAt: '2026-01-06T10:00:00.000Z',
      }),
    ).toEqual({ stateDetail: 'study.waitingForCommune', snapshot, updatedAt: '2026-01-06T10:00:00.000Z' });
  });

  it('writes a value that becomes null or leaves null, and a number that changes', () => {
    const withDeadline = { ...stored, nextDeadlineAt: '2026-02-01T23:00:00.000Z' };
    expect(changedColumns(withDeadline, { nextDeadlineAt: null, liveKey: null, contractYear: 1 })).toEqual({ nextDeadlineAt: null, liveKey: null, contractYear: 1 });
    expect(changedColumns(stored, { nextDeadlineAt: '2026-02-01T23:00:00.000Z', contractYear: 0 })).toEqual({ nextDeadlineAt: '2026-02-01T23:00:00.000Z' });
  });
});
