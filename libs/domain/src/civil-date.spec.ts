import fc from 'fast-check';
import { runs, withEdges } from '../../../test/support/properties.js';
import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addYears,
  compareCivil,
  daysBetween,
  isCivilDate,
  parisDateOf,
  parisMidnight,
  parisOffsetMs,
  parisTime,
  type CivilDate,
} from './civil-date.js';
import { tzOffset } from '@date-fns/tz';

const iso = (d: Date): string => d.toISOString();

/**
 * Random valid civil dates between 1901 and 2199, one in four an edge: 29 February (2000 is a leap year, 2100 is
 * not), the ends of months and years, the first and last days of the range, the DST change days in Paris
 * (last Sundays of March and October, the EU rules since 1996).
 */
const civilDate = withEdges(
  fc
    .record({ y: fc.integer({ min: 1901, max: 2199 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= new Date(Date.UTC(y, m, 0)).getUTCDate())
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  [
    '1901-01-01', '2199-12-31', '1904-02-29', '2000-02-29', '2028-02-29', '2196-02-29', '2100-02-28', '2100-03-01',
    '2027-01-31', '2027-04-30', '2027-12-31', '2028-01-01', '1996-03-31', '1996-10-27', '2027-03-28', '2027-10-31',
  ],
);

/*
 * Independent oracle: the UTC methods of Date (no time zone involved, years >= 100 only).
 * Not date-fns + TZDate('UTC'): its arithmetic is off around days skipped by the *process*
 * time zone (e.g. 1994-12-31 with TZ=Pacific/Kiritimati).
 */
const ymd = (d: CivilDate): [number, number, number] => [Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))];
const civilOf = (ms: number): CivilDate => new Date(ms).toISOString().slice(0, 10);
const oracleAddDays = (d: CivilDate, n: number): CivilDate => {
  const [y, m, day] = ymd(d);
  return civilOf(Date.UTC(y, m, day + n));
};
const oracleAddMonths = (d: CivilDate, n: number): CivilDate => {
  const [y, m, day] = ymd(d);
  const lastDay = new Date(Date.UTC(y, m + n + 1, 0)).getUTCDate();
  return civilOf(Date.UTC(y, m + n, Math.min(day, lastDay)));
};
const oracleDaysBetween = (a: CivilDate, b: CivilDate): number => (Date.UTC(...ymd(b)) - Date.UTC(...ymd(a))) / 86_400_000;

describe('isCivilDate', () => {
  it.each(['2027-01-01', '2028-02-29', '2000-02-29', '2027-12-31', '2027-04-30', '0001-01-01', '9999-12-31'])(
    'accepts the existing date %s',
    (s) => expect(isCivilDate(s)).toBe(true),
  );

  it.each([
    ['2027-02-29', 'not a leap year'],
    ['1900-02-29', 'century not divisible by 400'],
    ['2027-04-31', 'April has 30 days'],
    ['2027-13-01', 'month 13'],
    ['2027-00-10', 'month 0'],
    ['2027-01-00', 'day 0'],
    ['0000-01-01', 'year 0'],
    ['2027-1-05', 'unpadded month'],
    ['27-01-05', 'two-digit year'],
    [' 2027-01-05', 'leading space'],
    ['2027-01-05T00:00:00Z', 'an instant'],
    ['2027/01/05', 'wrong separator'],
  ])('rejects %s (%s)', (s) => expect(isCivilDate(s)).toBe(false));

  it('rejects non-strings', () => {
    for (const v of [undefined, null, 20270105, new Date('2027-01-05T00:00:00Z'), {}]) expect(isCivilDate(v)).toBe(false);
  });
});

describe('parisDateOf', () => {
  it('gives the Paris date at the turn of the year (23:30Z on 31 December is already 1 January in Paris)', () => {
    expect(parisDateOf('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(parisDateOf('2026-12-31T22:59:59.999Z')).toBe('2026-12-31');
    expect(parisDateOf('2026-12-31T23:00:00Z')).toBe('2027-01-01');
  });

  it('switches day at 22:00Z in summer time', () => {
    expect(parisDateOf('2027-06-30T21:59:59.999Z')).toBe('2027-06-30');
    expect(parisDateOf('2027-06-30T22:00:00Z')).toBe('2027-07-01');
  });

  it('accepts a Date and an explicit offset', () => {
    expect(parisDateOf(new Date('2027-02-28T23:15:00Z'))).toBe('2027-03-01');
    expect(parisDateOf('2027-01-01T00:30:00+01:00')).toBe('2027-01-01');
    expect(parisDateOf('2026-12-31T18:30:00-05:00')).toBe('2027-01-01');
  });

  it('refuses a string without a zone, which would depend on the process time zone', () => {
    expect(() => parisDateOf('2027-01-01T00:30:00')).toThrow(RangeError);
    expect(() => parisDateOf('2027-01-01')).toThrow(RangeError);
  });

  it('remembers the offset by UTC hour and still gives, to the minute, the offset of the instant itself', () => {
    // Every 15 minutes over two days around each change of 2026 to 2030 (last Sunday of March and of October, 01:00Z),
    // asked in a shuffled order so that an hour's remembered offset never comes from a neighbour asked first.
    const changes = [2026, 2027, 2028, 2029, 2030].flatMap((y) => [`${y}-03-`, `${y}-10-`].map((m) => {
      const lastSunday = [31, 30, 29, 28, 27, 26, 25].find((d) => new Date(`${m}${d}T00:00:00Z`).getUTCDay() === 0)!;
      return Date.parse(`${m}${lastSunday}T01:00:00Z`);
    }));
    const instants = changes.flatMap((at) => Array.from({ length: 192 }, (_, i) => at - 86_400_000 + i * 900_000 + (i % 7) * 60_000));
    instants.sort((a, b) => ((a * 7919) % 1013) - ((b * 7919) % 1013));
    for (const ms of instants) expect([new Date(ms).toISOString(), parisOffsetMs(ms)]).toEqual([new Date(ms).toISOString(), tzOffset('Europe/Paris', new Date(ms)) * 60_000]);
    expect(parisOffsetMs(changes[0]! - 1)).toBe(3_600_000);
    expect(parisOffsetMs(changes[0]!)).toBe(7_200_000);
  });

  it('refuses an invalid instant', () => {
    expect(() => parisDateOf(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => parisDateOf('2027-02-30T10:00:00Z')).toThrow(RangeError);
    expect(() => parisDateOf('2027-02-28T24:00:00Z')).toThrow(RangeError);
  });
});

describe('parisMidnight', () => {
  it('is 23:00Z the day before in winter and 22:00Z in summer', () => {
    expect(iso(parisMidnight('2027-01-15'))).toBe('2027-01-14T23:00:00.000Z');
    expect(iso(parisMidnight('2027-07-15'))).toBe('2027-07-14T22:00:00.000Z');
  });

  it('handles the spring DST change (last Sunday of March): that day lasts 23 hours', () => {
    expect(iso(parisMidnight('2027-03-28'))).toBe('2027-03-27T23:00:00.000Z');
    expect(iso(parisMidnight('2027-03-29'))).toBe('2027-03-28T22:00:00.000Z');
    expect(parisMidnight('2027-03-29').getTime() - parisMidnight('2027-03-28').getTime()).toBe(23 * 3_600_000);
  });

  it('handles the autumn DST change (last Sunday of October): that day lasts 25 hours', () => {
    expect(iso(parisMidnight('2027-10-31'))).toBe('2027-10-30T22:00:00.000Z');
    expect(iso(parisMidnight('2027-11-01'))).toBe('2027-10-31T23:00:00.000Z');
    expect(parisMidnight('2027-11-01').getTime() - parisMidnight('2027-10-31').getTime()).toBe(25 * 3_600_000);
  });

  it('returns a plain Date', () => {
    expect(parisMidnight('2027-01-15')).toEqual(new Date('2027-01-14T23:00:00.000Z'));
  });

  it('is the first instant of the Paris date (round trip with parisDateOf)', () => {
    fc.assert(
      fc.property(civilDate, (d) => {
        const midnight = parisMidnight(d).getTime();
        expect(parisDateOf(new Date(midnight))).toBe(d);
        expect(parisDateOf(new Date(midnight - 1))).toBe(addDays(d, -1));
      }),
      runs(2000),
    );
  });

  it('rejects an invalid civil date', () => {
    expect(() => parisMidnight('2027-02-29')).toThrow(RangeError);
    expect(() => parisMidnight('2027-02-29')).toThrow(/2027-02-29/);
  });
});

describe('parisTime', () => {
  it('puts 09:00 Paris at 08:00Z in winter time (CET) and 07:00Z in summer time (CEST)', () => {
    expect(iso(parisTime('2027-03-27', 9))).toBe('2027-03-27T08:00:00.000Z');
    expect(iso(parisTime('2027-03-28', 9))).toBe('2027-03-28T07:00:00.000Z');
    expect(iso(parisTime('2027-10-30', 9))).toBe('2027-10-30T07:00:00.000Z');
    expect(iso(parisTime('2027-10-31', 9))).toBe('2027-10-31T08:00:00.000Z');
    expect(iso(parisTime('2027-10-31', 9, 45))).toBe('2027-10-31T08:45:00.000Z');
  });

  it('pushes a skipped time forward by the gap (02:30 on the spring change is 03:30 CEST)', () => {
    expect(iso(parisTime('2027-03-28', 2, 30))).toBe('2027-03-28T01:30:00.000Z');
    expect(iso(parisTime('2027-03-28', 1, 59))).toBe('2027-03-28T00:59:00.000Z');
    expect(iso(parisTime('2027-03-28', 3, 0))).toBe('2027-03-28T01:00:00.000Z');
  });

  it('takes the first occurrence of a repeated time (02:30 on the autumn change is 02:30 CEST)', () => {
    expect(iso(parisTime('2027-10-31', 2, 30))).toBe('2027-10-31T00:30:00.000Z');
    expect(iso(parisTime('2027-10-31', 1, 59))).toBe('2027-10-30T23:59:00.000Z');
    expect(iso(parisTime('2027-10-31', 3, 0))).toBe('2027-10-31T02:00:00.000Z');
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/New_York', 'Europe/Paris', 'Australia/Lord_Howe']) {
        process.env.TZ = zone;
        expect(iso(parisTime('2027-10-31', 2, 30))).toBe('2027-10-31T00:30:00.000Z');
        expect(iso(parisTime('2027-03-28', 2, 30))).toBe('2027-03-28T01:30:00.000Z');
        expect(iso(parisMidnight('2027-03-28'))).toBe('2027-03-27T23:00:00.000Z');
        expect(parisDateOf('2026-12-31T23:30:00Z')).toBe('2027-01-01');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('shows the requested wall-clock time in Paris, on the requested date (EU rules, since 1996)', () => {
    // Before 1996 the changes happened at other hours (23:00 before 1940, 01:00 in 1976).
    fc.assert(
      fc.property(civilDate.filter((d) => d >= '1996'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (d, h, m) => {
        const at = new TZDate(parisTime(d, h, m).getTime(), 'Europe/Paris');
        expect(parisDateOf(at)).toBe(d);
        expect(at.getMinutes()).toBe(m);
        // Only the skipped hour (02:xx on a 23-hour spring change day) is shown one hour later.
        if (at.getHours() !== h) {
          expect([h, at.getHours()]).toEqual([2, 3]);
          expect(parisMidnight(addDays(d, 1)).getTime() - parisMidnight(d).getTime()).toBe(23 * 3_600_000);
        }
      }),
      runs(3000),
    );
  });

  it('rejects hours and minutes out of range', () => {
    expect(() => parisTime('2027-01-01', 24)).toThrow(RangeError);
    expect(() => parisTime('2027-01-01', -1)).toThrow(RangeError);
    expect(() => parisTime('2027-01-01', 9.5)).toThrow(RangeError);
    expect(() => parisTime('2027-01-01', 9, 60)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses months, years and 29 February', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29'); // across the DST change, no hour to lose
    expect(addDays('2027-09-01', -90)).toBe('2027-06-03');
    expect(addDays('2027-09-01', 0)).toBe('2027-09-01');
  });

  it('agrees with Date.UTC arithmetic on random dates', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        expect(addDays(d, n)).toBe(oracleAddDays(d, n));
      }),
      runs(2000),
    );
  });

  it('rejects a non-integer number of days and an invalid date', () => {
    expect(() => addDays('2027-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2027-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('clamps to the end of the month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
    expect(addMonths('2027-05-31', 1)).toBe('2027-06-30');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
  });

  it('crosses years in both directions', () => {
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonths('2027-01-15', -13)).toBe('2025-12-15');
    expect(addMonths('2027-06-15', 36)).toBe('2030-06-15');
  });

  it('agrees with Date.UTC arithmetic on random dates', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: -600, max: 600 }), (d, n) => {
        expect(addMonths(d, n)).toBe(oracleAddMonths(d, n));
      }),
      runs(2000),
    );
  });
});

describe('addYears', () => {
  it('maps 29 February to 28 February in a common year and keeps it in a leap year', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2028-02-29', -4)).toBe('2024-02-29');
    expect(addYears('2096-02-29', 4)).toBe('2100-02-28');
  });

  it('rejects a result beyond year 9999', () => {
    expect(() => addYears('9999-06-01', 1)).toThrow(RangeError);
  });
});

describe('compareCivil and daysBetween', () => {
  it('orders dates', () => {
    expect(compareCivil('2027-01-01', '2027-01-02')).toBe(-1);
    expect(compareCivil('2027-01-02', '2027-01-01')).toBe(1);
    expect(compareCivil('2027-01-01', '2027-01-01')).toBe(0);
    expect(compareCivil('2026-12-31', '2027-01-01')).toBe(-1);
  });

  it('counts whole calendar days, including over DST changes and 29 February', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
    expect(daysBetween('2027-01-01', '2028-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('agrees with Date.UTC arithmetic and with addDays', () => {
    fc.assert(
      fc.property(civilDate, civilDate, (a, b) => {
        const n = daysBetween(a, b);
        expect(n).toBe(oracleDaysBetween(a, b));
        expect(addDays(a, n)).toBe(b);
        expect(compareCivil(b, a)).toBe(Math.sign(n) || 0);
      }),
      runs(2000),
    );
  });

  it('rejects invalid dates with a message naming the value', () => {
    expect(() => compareCivil('2027-02-29', '2027-01-01')).toThrow(RangeError);
    expect(() => daysBetween('2027-01-01', 'tomorrow')).toThrow(/"tomorrow"/);
  });
});
