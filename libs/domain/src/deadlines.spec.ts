import fc from 'fast-check';
import { runs, withEdges } from '../../../test/support/properties.js';
import { addDays, addYears } from './civil-date.js';
import {
  DEFAULT_NOTICE_PERIOD_MONTHS,
  DEFAULT_REMINDER_OFFSETS,
  DEFAULT_RENEWAL_WINDOW_DAYS,
  MUNICIPAL_ELECTION_YEARS,
  anniversary,
  contractYearAt,
  earliestNoticeEffectiveDate,
  firstYearUnitCostDeadline,
  isNoticeLongEnough,
  reminderSchedule,
  renewalWindowOpens,
  unitCostNotificationDeadline,
} from './deadlines.js';

/** Random valid civil dates between 1950 and 2150, one in four an edge: 29 February, the ends of months and years, a DST change day. */
const civilDate = withEdges(
  fc
    .record({ y: fc.integer({ min: 1950, max: 2150 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= new Date(Date.UTC(y, m, 0)).getUTCDate())
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  ['2028-02-29', '2000-02-29', '2096-02-29', '2100-02-28', '2027-01-31', '2027-08-31', '2027-12-31', '2028-01-01', '2027-03-28', '2027-10-31'],
);

describe('anniversary', () => {
  it('computes every anniversary of a 29 February start from the original start', () => {
    expect([1, 2, 3, 4].map((n) => anniversary('2028-02-29', n))).toEqual([
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
    // Chaining from a clamped anniversary would drift to 28 February for good.
    expect(addYears(anniversary('2028-02-29', 1), 3)).toBe('2032-02-28');
  });

  it('is the start itself for n = 0, and the same day and month otherwise', () => {
    expect(anniversary('2027-09-01', 0)).toBe('2027-09-01');
    expect(anniversary('2027-09-01', 3)).toBe('2030-09-01');
    expect(anniversary('2026-12-31', 1)).toBe('2027-12-31');
  });

  it('rejects a negative or fractional n', () => {
    expect(() => anniversary('2027-09-01', -1)).toThrow(RangeError);
    expect(() => anniversary('2027-09-01', 1.5)).toThrow(RangeError);
  });
});

describe('renewalWindowOpens', () => {
  it('opens 90 days before the anniversary by default', () => {
    expect(DEFAULT_RENEWAL_WINDOW_DAYS).toBe(90);
    expect(renewalWindowOpens('2027-09-01')).toBe('2027-06-03');
    expect(renewalWindowOpens('2029-03-01')).toBe('2028-12-01'); // across the year end (February 2029 has 28 days)
  });

  it('accepts another window length', () => {
    expect(renewalWindowOpens('2027-09-01', 30)).toBe('2027-08-02');
    expect(renewalWindowOpens('2027-09-01', 0)).toBe('2027-09-01');
  });

  it('rejects a negative window', () => {
    expect(() => renewalWindowOpens('2027-09-01', -1)).toThrow(RangeError);
  });
});

describe('reminderSchedule', () => {
  it('sends the default reminders at 09:00 Paris, 08:00Z in winter and 07:00Z in summer', () => {
    // Anniversary on the Monday after the spring DST change (Sunday 28 March 2027).
    expect(DEFAULT_REMINDER_OFFSETS).toEqual([90, 60, 30, 15, 7, 1]);
    const schedule = reminderSchedule('2027-03-29');
    expect(schedule.map((r) => [r.offset, r.date, r.at.toISOString()])).toEqual([
      [90, '2026-12-29', '2026-12-29T08:00:00.000Z'],
      [60, '2027-01-28', '2027-01-28T08:00:00.000Z'],
      [30, '2027-02-27', '2027-02-27T08:00:00.000Z'],
      [15, '2027-03-14', '2027-03-14T08:00:00.000Z'],
      [7, '2027-03-22', '2027-03-22T08:00:00.000Z'],
      [1, '2027-03-28', '2027-03-28T07:00:00.000Z'], // the DST day itself: already CEST at 09:00
    ]);
  });

  it('goes back to 08:00Z once winter time is back (autumn change on Sunday 31 October 2027)', () => {
    const schedule = reminderSchedule('2027-11-01', [7, 2, 1]);
    expect(schedule.map((r) => [r.date, r.at.toISOString()])).toEqual([
      ['2027-10-25', '2027-10-25T07:00:00.000Z'],
      ['2027-10-30', '2027-10-30T07:00:00.000Z'],
      ['2027-10-31', '2027-10-31T08:00:00.000Z'],
    ]);
  });

  it('sorts by date and removes duplicate offsets', () => {
    const schedule = reminderSchedule('2027-09-01', [1, 30, 7, 30, 90, 1]);
    expect(schedule.map((r) => r.offset)).toEqual([90, 30, 7, 1]);
    expect(schedule.map((r) => r.date)).toEqual(['2027-06-03', '2027-08-02', '2027-08-25', '2027-08-31']);
  });

  it('uses the requested send hour, and offset 0 is the anniversary itself', () => {
    const [reminder] = reminderSchedule('2027-01-15', [0], 14);
    expect(reminder).toEqual({ offset: 0, date: '2027-01-15', at: new Date('2027-01-15T13:00:00.000Z') });
  });

  it('returns nothing without offsets', () => {
    expect(reminderSchedule('2027-09-01', [])).toEqual([]);
  });

  it('rejects negative and fractional offsets, and an invalid anniversary', () => {
    expect(() => reminderSchedule('2027-09-01', [30, -1])).toThrow(RangeError);
    expect(() => reminderSchedule('2027-09-01', [7.5])).toThrow(RangeError);
    expect(() => reminderSchedule('2027-09-01', [Number.NaN])).toThrow(RangeError);
    expect(() => reminderSchedule('2027-02-29')).toThrow(RangeError);
  });

  it('always lists strictly increasing dates, each offset days before the anniversary', () => {
    fc.assert(
      fc.property(civilDate, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 10 }), (a, offsets) => {
        const schedule = reminderSchedule(a, offsets);
        expect(schedule.map((r) => r.offset).sort((x, y) => x - y)).toEqual([...new Set(offsets)].sort((x, y) => x - y));
        for (const r of schedule) expect(addDays(r.date, r.offset)).toBe(a);
        for (let i = 1; i < schedule.length; i++) expect(schedule[i].at.getTime()).toBeGreaterThan(schedule[i - 1].at.getTime());
      }),
      runs(1000),
    );
  });
});

describe('notice period', () => {
  it('is 6 months by default, same day of the month', () => {
    expect(DEFAULT_NOTICE_PERIOD_MONTHS).toBe(6);
    expect(earliestNoticeEffectiveDate('2027-03-15')).toBe('2027-09-15');
    expect(earliestNoticeEffectiveDate('2027-06-30')).toBe('2027-12-30');
    expect(earliestNoticeEffectiveDate('2027-09-30', 3)).toBe('2027-12-30');
  });

  it('ends on the last day of the month when the same day does not exist', () => {
    expect(earliestNoticeEffectiveDate('2026-08-31')).toBe('2027-02-28');
    expect(earliestNoticeEffectiveDate('2027-08-31')).toBe('2028-02-29');
    expect(earliestNoticeEffectiveDate('2027-12-31')).toBe('2028-06-30');
  });

  it('accepts an effective date on or after the earliest one, and refuses one day earlier', () => {
    expect(isNoticeLongEnough('2026-08-31', '2027-02-28')).toBe(true);
    expect(isNoticeLongEnough('2026-08-31', '2027-02-27')).toBe(false);
    expect(isNoticeLongEnough('2026-08-31', '2027-03-01')).toBe(true);
    // From 28 February, six months run to 28 August, not to the end of August.
    expect(isNoticeLongEnough('2027-02-28', '2027-08-28')).toBe(true);
    expect(isNoticeLongEnough('2027-02-28', '2027-08-27')).toBe(false);
    expect(isNoticeLongEnough('2027-06-30', '2027-12-29')).toBe(false);
    expect(isNoticeLongEnough('2027-06-30', '2027-12-30')).toBe(true);
    expect(isNoticeLongEnough('2027-09-30', '2027-12-30', 3)).toBe(true);
    expect(isNoticeLongEnough('2027-09-30', '2027-12-29', 3)).toBe(false);
  });

  it('rejects a negative notice period', () => {
    expect(() => earliestNoticeEffectiveDate('2027-03-15', -6)).toThrow(RangeError);
  });
});

describe('unit cost notification deadline', () => {
  it('lists the general renewals of municipal councils, including the 7-year term 2001-2008', () => {
    expect(MUNICIPAL_ELECTION_YEARS).toEqual([1995, 2001, 2008, 2014, 2020, 2026, 2032]);
  });

  it('is 30 April in a municipal election year and 15 April otherwise', () => {
    expect(unitCostNotificationDeadline(2026)).toBe('2026-04-30');
    expect(unitCostNotificationDeadline(2027)).toBe('2027-04-15');
    expect(unitCostNotificationDeadline(2032)).toBe('2032-04-30');
    expect(unitCostNotificationDeadline(2020)).toBe('2020-04-30');
  });

  it('follows the list, not a 6-year grid', () => {
    expect(unitCostNotificationDeadline(2008)).toBe('2008-04-30');
    expect(unitCostNotificationDeadline(2007)).toBe('2007-04-15'); // 1995 + 12, yet no election
    expect(unitCostNotificationDeadline(2038)).toBe('2038-04-15'); // not scheduled yet
    expect(unitCostNotificationDeadline(2038, [...MUNICIPAL_ELECTION_YEARS, 2038])).toBe('2038-04-30');
  });

  it('rejects a non-integer year', () => {
    expect(() => unitCostNotificationDeadline(2026.5)).toThrow(RangeError);
    expect(() => unitCostNotificationDeadline(0)).toThrow(RangeError);
  });

  it('is 3 months after the signature in the first year, clamped at month end', () => {
    expect(firstYearUnitCostDeadline('2027-01-15')).toBe('2027-04-15');
    expect(firstYearUnitCostDeadline('2027-11-30')).toBe('2028-02-29');
    expect(firstYearUnitCostDeadline('2026-11-30')).toBe('2027-02-28');
    expect(firstYearUnitCostDeadline('2027-10-31')).toBe('2028-01-31');
  });
});

describe('contractYearAt', () => {
  it('is 0 before the start, 1 in the first year, and changes on each anniversary', () => {
    expect(contractYearAt('2027-09-01', '2027-08-31')).toBe(0);
    expect(contractYearAt('2027-09-01', '2027-09-01')).toBe(1);
    expect(contractYearAt('2027-09-01', '2028-08-31')).toBe(1);
    expect(contractYearAt('2027-09-01', '2028-09-01')).toBe(2);
    expect(contractYearAt('2027-09-01', '2030-08-31')).toBe(3);
    expect(contractYearAt('2027-09-01', '2030-09-01')).toBe(4);
  });

  it('uses the clamped anniversaries of a 29 February start', () => {
    expect(contractYearAt('2028-02-29', '2029-02-27')).toBe(1);
    expect(contractYearAt('2028-02-29', '2029-02-28')).toBe(2);
    expect(contractYearAt('2028-02-29', '2032-02-28')).toBe(4);
    expect(contractYearAt('2028-02-29', '2032-02-29')).toBe(5);
  });

  it('handles a start at the end of the year', () => {
    expect(contractYearAt('2026-12-31', '2027-01-01')).toBe(1);
    expect(contractYearAt('2026-12-31', '2027-12-30')).toBe(1);
    expect(contractYearAt('2026-12-31', '2027-12-31')).toBe(2);
  });

  it('is n + 1 from the n-th anniversary and n the day before', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: 1, max: 50 }), (start, n) => {
        const a = anniversary(start, n);
        expect(contractYearAt(start, a)).toBe(n + 1);
        expect(contractYearAt(start, addDays(a, -1))).toBe(n);
      }),
      runs(2000),
    );
  });
});
