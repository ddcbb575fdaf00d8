// Builders for machine tests: the one path from draft to active (src/path-to-active.ts), spread over days
// with a question of the study, as the rules tests read it.
import { type CivilDate } from '#domain';
import { parisInstant, pathToActive as path, runEvents, type PathToActive } from '../src/path-to-active.js';
import { type AdhesionEvent } from '../src/events.js';

export const at = parisInstant;
export const run = runEvents;

/** The events that take an adhesion from draft to active, one step a day, the commune deliberating first. */
export function pathToActive(day: CivilDate, opts: Pick<PathToActive, 'staffImpact' | 'startDate'> = {}): AdhesionEvent[] {
  return path(day, { withQuestion: true, forecastUnits: 40.5, unitCostCents: 15_000, ...opts });
}
