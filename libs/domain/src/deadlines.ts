/**
 * Deadline rules of a shared-service convention: 3 years, renewed expressly each year.
 * Pure functions of civil dates; instants only where a message is sent (reminders).
 */
import {
  addDays,
  addMonths,
  addYears,
  assertCivilDate,
  compareCivil,
  parisTime,
  type CivilDate,
} from './civil-date.js';

function checkNonNegativeInteger(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${String(n)}`);
  }
  return n;
}

/**
 * The n-th anniversary of `start`, always computed from the original start date so that
 * a clamped year does not drift: a 2028-02-29 start gives 2029-02-28, 2030-02-28,
 * 2031-02-28 and 2032-02-29.
 */
export function anniversary(start: CivilDate, n: number): CivilDate {
  return addYears(start, checkNonNegativeInteger(n, 'Anniversary number'));
}

export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;

/** First day on which the renewal of the year ending at `anniversaryDate` can be handled. */
export function renewalWindowOpens(
  anniversaryDate: CivilDate,
  windowDays: number = DEFAULT_RENEWAL_WINDOW_DAYS,
): CivilDate {
  return addDays(anniversaryDate, -checkNonNegativeInteger(windowDays, 'Renewal window (days)'));
}

/** Days before the anniversary at which a reminder is sent. */
export const DEFAULT_REMINDER_OFFSETS = [90, 60, 30, 15, 7, 1] as const;

export interface Reminder {
  /** Days before the anniversary. */
  readonly offset: number;
  readonly date: CivilDate;
  /** `date` at the send hour, Europe/Paris. */
  readonly at: Date;
}

/**
 * Reminders before `anniversaryDate`, earliest first, one per distinct offset,
 * each sent at `sendHour`:00 Paris time (09:00 CEST = 07:00Z, 09:00 CET = 08:00Z).
 */
export function reminderSchedule(
  anniversaryDate: CivilDate,
  offsets: readonly number[] = DEFAULT_REMINDER_OFFSETS,
  sendHour = 9,
): Reminder[] {
  assertCivilDate(anniversaryDate, 'anniversary date');
  for (const offset of offsets) checkNonNegativeInteger(offset, 'Reminder offset');
  return [...new Set(offsets)]
    .sort((a, b) => b - a) // larger offset = earlier date
    .map((offset) => {
      const date = addDays(anniversaryDate, -offset);
      return { offset, date, at: parisTime(date, sendHour) };
    });
}

export const DEFAULT_NOTICE_PERIOD_MONTHS = 6;

/**
 * Earliest date on which a notice given on `givenOn` can take effect: `months` later,
 * same day of the month, or the last day of the month when that day does not exist
 * (as art. 641 of the code de procédure civile counts periods in months):
 * 2027-08-31 + 6 months = 2028-02-29.
 */
export function earliestNoticeEffectiveDate(
  givenOn: CivilDate,
  months: number = DEFAULT_NOTICE_PERIOD_MONTHS,
): CivilDate {
  return addMonths(givenOn, checkNonNegativeInteger(months, 'Notice period (months)'));
}

/** True when a notice given on `givenOn` respects the notice period if it takes effect on `effectiveDate`. */
export function isNoticeLongEnough(
  givenOn: CivilDate,
  effectiveDate: CivilDate,
  months: number = DEFAULT_NOTICE_PERIOD_MONTHS,
): boolean {
  return compareCivil(effectiveDate, earliestNoticeEffectiveDate(givenOn, months)) >= 0;
}

/**
 * Years of a general renewal of municipal councils (élections municipales).
 *
 * This is data, not a formula: terms are nominally 6 years, but the 2001 councils sat
 * 7 years (law n° 2005-1563 moved the 2007 elections to March 2008, to avoid the
 * presidential and legislative elections), which shifted the grid. 2032 is the next
 * scheduled renewal; extend the list when the following one is set by law.
 */
export const MUNICIPAL_ELECTION_YEARS: readonly number[] = [1995, 2001, 2008, 2014, 2020, 2026, 2032];

/**
 * Date by which the unit cost of the shared service must be notified to the communes:
 * before the deadline for voting the budget (CGCT art. L1612-2), i.e. 15 April, or
 * 30 April in the year of the renewal of the deliberative bodies.
 *
 * Exceptional derogations (e.g. 31 July 2020, ordonnance n° 2020-330, Covid-19) are not modelled.
 */
export function unitCostNotificationDeadline(
  year: number,
  electionYears: readonly number[] = MUNICIPAL_ELECTION_YEARS,
): CivilDate {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Invalid year: ${String(year)} (expected an integer 1-9999)`);
  }
  const yyyy = String(year).padStart(4, '0');
  return electionYears.includes(year) ? `${yyyy}-04-30` : `${yyyy}-04-15`;
}

/** In the first year, the unit cost is notified within 3 months of the signature. */
export function firstYearUnitCostDeadline(signedOn: CivilDate): CivilDate {
  return addMonths(signedOn, 3);
}

/**
 * Contract year at `today`: 0 before `start`, 1 from start until the day before the first
 * anniversary, 2 from the first anniversary, and so on.
 */
export function contractYearAt(start: CivilDate, today: CivilDate): number {
  if (compareCivil(today, start) < 0) return 0;
  // Starting guess from the year difference, then adjust on the real (clamped) anniversaries.
  const startYear = Number(start.slice(0, 4));
  let elapsed = Number(today.slice(0, 4)) - startYear;
  while (elapsed > 0 && compareCivil(anniversary(start, elapsed), today) > 0) elapsed -= 1;
  while (startYear + elapsed + 1 <= 9999 && compareCivil(anniversary(start, elapsed + 1), today) <= 0) elapsed += 1;
  return elapsed + 1;
}
