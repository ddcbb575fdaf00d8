// Working days in France: Monday to Friday, except public holidays (from @socialgouv/jours-feries,
// maintained by the French government's digital team), Alsace-Moselle's two extra days left out.
// A CommonJS package: Node gives its `module.exports` as the default export.
import joursFeriesModule from '@socialgouv/jours-feries';
import { addDays, compareCivil, type CivilDate } from './civil-date.js';

const joursFeries = joursFeriesModule;

const holidayCache = new Map<number, Set<CivilDate>>();

/** The package builds local-time dates; their local components are the civil date, whatever the TZ. */
function holidaysOf(year: number): Set<CivilDate> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(
      Object.values(joursFeries(year)).map(
        (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
      ),
    );
    holidayCache.set(year, set);
  }
  return set;
}

export function isWorkingDay(date: CivilDate): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaysOf(Number(date.slice(0, 4))).has(date);
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: CivilDate, to: CivilDate): number {
  let count = 0;
  for (let day = addDays(from, 1); compareCivil(day, to) <= 0; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count++;
    if (count > 10_000) break;
  }
  return count;
}
