// Server errors, placed where people look: a 400's issues next to their fields, anything else above the form.
import { ApiError } from '../api';

export interface PlacedErrors {
  /** Field name (as in the form) → French message. */
  fields: Record<string, string>;
  /** A message for the whole form: a 409's, a 403's, or issues on no known field. */
  general: string | null;
  code: string | null;
}

/**
 * `known` are the form's field names; an issue on `terms.unitCostCents` goes to that field if the form has
 * it, else to `terms`; `options.2` goes to `options`.
 */
export function placeErrors(error: unknown, known: readonly string[]): PlacedErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: error ? 'Une erreur inattendue est survenue.' : null, code: null };
  }
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of error.issues) {
    const target = [...known].sort((a, b) => b.length - a.length).find((name) => issue.field === name || issue.field.startsWith(`${name}.`));
    if (target) fields[target] = fields[target] ? `${fields[target]} ${issue.message}` : issue.message;
    else unplaced.push(issue.message);
  }
  const general = error.issues.length === 0 || unplaced.length > 0 ? [error.message, ...unplaced].join(' ') : null;
  return { fields, general, code: error.code };
}
