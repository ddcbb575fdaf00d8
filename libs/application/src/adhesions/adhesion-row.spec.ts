// changedColumns: a compare-and-swap writes the columns whose value changes, and the snapshot always.
import { changedColumns } from './adhesion-row.js';
import { type Adhesion } from '../ports/records.js';

const stored: Adhesion = {
  id: 'a-1',
  communeInsee: '49007',
  epciSiren: '244900015',
  serviceCode: 'ADS',
  liveKey: '49007:ADS',
  renews: null,
  options: [],
  forecastUnits: '10',
  state: 'study',
  stateDetail: 'study.inProgress',
  snapshot: { value: { study: 'inProgress' }, context: {} },
  machineVersion: 1,
  version: 4,
  nextDeadlineAt: null,
  nextDeadlineKind: null,
  nextDeadlineCycle: null,
  startDate: null,
  anniversaryOn: null,
  contractYear: 0,
  createdBy: 'u-1',
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
};

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
        liveKey: '49007:ADS',
        updatedAt: '2026-01-06T10:00:00.000Z',
      }),
    ).toEqual({ stateDetail: 'study.waitingForCommune', snapshot, updatedAt: '2026-01-06T10:00:00.000Z' });
  });

  it('writes a value that becomes null or leaves null, and a number that changes', () => {
    const withDeadline = { ...stored, nextDeadlineAt: '2026-02-01T23:00:00.000Z', liveKey: '49007:ADS' };
    expect(changedColumns(withDeadline, { nextDeadlineAt: null, liveKey: null, contractYear: 1 })).toEqual({ nextDeadlineAt: null, liveKey: null, contractYear: 1 });
    expect(changedColumns(stored, { nextDeadlineAt: '2026-02-01T23:00:00.000Z', contractYear: 0 })).toEqual({ nextDeadlineAt: '2026-02-01T23:00:00.000Z' });
  });
});
