/**
 * Civil (calendar) dates, without time of day and without time zone: `YYYY-MM-DD`.
 *
 * Calendar arithmetic (adding days, months, years) is zone-free and done with plain
 * integers in the proleptic Gregorian calendar. Only the conversions between a civil
 * date and an instant need a zone; they go through the IANA database via `@date-fns/tz`,
 * always for Europe/Paris, and never depend on the process time zone (`TZ`).
 */
import { tzOffset } from '@date-fns/tz';

/** A calendar date `YYYY-MM-DD` (years 0001 to 9999). */
export type CivilDate = string;

export const PARIS_TIME_ZONE = 'Europe/Paris';

const CIVIL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

interface Ymd {
  readonly y: number;
  readonly m: number; // 1..12
  readonly d: number; // 1..31
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function tryParse(s: unknown): Ymd | undefined {
  if (typeof s !== 'string') return undefined;
  const match = CIVIL_DATE_RE.exec(s);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

function parse(s: unknown, what = 'date'): Ymd {
  const ymd = tryParse(s);
  if (!ymd) {
    throw new RangeError(
      `Invalid civil ${what}: ${JSON.stringify(s)} (expected an existing calendar date YYYY-MM-DD, years 0001-9999)`,
    );
  }
  return ymd;
}

function format({ y, m, d }: Ymd): CivilDate {
  if (y < MIN_YEAR || y > MAX_YEAR) {
    throw new RangeError(`Civil date out of range: year ${y} (supported years: 0001-9999)`);
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function checkInteger(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(n)}`);
  }
  return n;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function toDayNumber({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of toDayNumber (H. Hinnant's civil_from_days). */
function fromDayNumber(days: number): Ymd {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** True for a string `YYYY-MM-DD` that is an existing calendar date (2027-02-29 is not, 2028-02-29 is). */
export function isCivilDate(s: unknown): s is CivilDate {
  return tryParse(s) !== undefined;
}

/** Throws a RangeError unless `s` is a valid civil date; returns it typed. */
export function assertCivilDate(s: unknown, what = 'date'): CivilDate {
  parse(s, what);
  return s as CivilDate;
}

const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

function toInstant(instant: Date | string): number {
  if (typeof instant === 'string') {
    // Without an explicit offset, `Date.parse` would use the process time zone: refuse.
    // `Date.parse` also rolls 2027-02-30 over to March: check the calendar date too.
    const match = INSTANT_RE.exec(instant);
    if (!match || !isCivilDate(match[1])) {
      throw new RangeError(
        `Invalid instant: ${JSON.stringify(instant)} (expected ISO 8601 with Z or an explicit offset)`,
      );
    }
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${JSON.stringify(instant)}`);
    return ms;
  }
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid instant: ${String(instant)}`);
  }
  return instant.getTime();
}

const MS_PER_HOUR = 3_600_000;
/** Offsets already asked, by UTC hour: Paris changes its offset on a whole UTC hour (01:00 since 1996). */
const offsetByHour = new Map<number, number>();

/** Offset of Europe/Paris from UTC at the given instant, in whole milliseconds. */
export function parisOffsetMs(ms: number): number {
  const hour = Math.floor(ms / MS_PER_HOUR);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const offset = Math.round(tzOffset(PARIS_TIME_ZONE, new Date(hour * MS_PER_HOUR)) * MS_PER_MINUTE);
  if (offsetByHour.size >= 10_000) offsetByHour.clear();
  offsetByHour.set(hour, offset);
  return offset;
}

/** The calendar date in Europe/Paris at the given instant ('2026-12-31T23:30:00Z' → '2027-01-01'). */
export function parisDateOf(instant: Date | string): CivilDate {
  const ms = toInstant(instant);
  return format(fromDayNumber(Math.floor((ms + parisOffsetMs(ms)) / MS_PER_DAY)));
}

/**
 * The instant at which the Paris wall clock shows `hour:minute` on `date`.
 *
 * Deterministic around DST changes, whatever the process time zone (same policy as
 * Temporal's `disambiguation: 'compatible'`):
 * - a time that is skipped (last Sunday of March, 02:00-02:59) is pushed forward by the
 *   length of the gap: 02:30 → 03:30 CEST;
 * - a time that occurs twice (last Sunday of October, 02:00-02:59) resolves to the first
 *   occurrence, in summer time: 02:30 → 02:30 CEST = 00:30Z.
 */
export function parisTime(date: CivilDate, hour: number, minute = 0): Date {
  const ymd = parse(date);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`Invalid hour: ${String(hour)} (expected an integer 0-23)`);
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`Invalid minute: ${String(minute)} (expected an integer 0-59)`);
  }
  // The wall-clock time read as if it were UTC.
  const wall = toDayNumber(ymd) * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE;
  // Offsets in force well before and well after: a transition is never closer than this to another.
  const before = parisOffsetMs(wall - MS_PER_DAY);
  const after = parisOffsetMs(wall + MS_PER_DAY);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((ms) => ms + parisOffsetMs(ms) === wall)
    .sort((a, b) => a - b);
  // Two candidates: repeated hour, take the first. None: skipped hour, shift by the gap.
  return new Date(candidates.length > 0 ? candidates[0] : wall - before);
}

/** The instant of 00:00 in Europe/Paris on `date` (2027-03-28 → 2027-03-27T23:00:00Z). */
export function parisMidnight(date: CivilDate): Date {
  return parisTime(date, 0, 0);
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: CivilDate, n: number): CivilDate {
  const ymd = parse(date);
  return format(fromDayNumber(toDayNumber(ymd) + checkInteger(n, 'Number of days')));
}

/** `date` plus `n` months, clamped to the end of the month: 2027-01-31 + 1 month = 2027-02-28. */
export function addMonths(date: CivilDate, n: number): CivilDate {
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + checkInteger(n, 'Number of months');
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  if (ny < MIN_YEAR || ny > MAX_YEAR) format({ y: ny, m: nm, d: 1 }); // throws the range error
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** `date` plus `n` years, clamped: 2028-02-29 + 1 year = 2029-02-28. */
export function addYears(date: CivilDate, n: number): CivilDate {
  return addMonths(date, checkInteger(n, 'Number of years') * 12);
}

/** -1 if a < b, 0 if equal, 1 if a > b. */
export function compareCivil(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  const da = toDayNumber(parse(a));
  const db = toDayNumber(parse(b));
  return da < db ? -1 : da > db ? 1 : 0;
}

/** Whole calendar days from a to b (b − a): daysBetween('2027-03-27', '2027-03-29') = 2. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return toDayNumber(parse(b)) - toDayNumber(parse(a));
}
