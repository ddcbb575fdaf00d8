import { InvalidInput } from '#workflow';
import { type Actor } from '../common/actor.js';
import { parseOrThrow, sirenSchema } from '../common/validation.js';

/**
 * Whose catalogue a request is about: the caller's own EPCI; the admin names one (`?epci=`). Another EPCI
 * than the caller's is simply not found by the repositories, as everything out of scope.
 */
export function epciOf(actor: Actor, requested?: unknown): string {
  if (actor.role === 'admin' || actor.role === 'system') {
    if (requested === undefined) throw new InvalidInput('The EPCI is required', { issues: [{ field: 'epci', code: 'required' }] });
    return parseOrThrow(sirenSchema, requested);
  }
  return actor.epciSiren ?? '';
}
