// The avenant (amendment) of a convention in force, as a sub-process: proposed by one party with its
// effective date, accepted by the other, approved by both councils when it changes the financial terms or
// the scope, signed by both, and applied from its effective date, never before the last signature.
// Pure. The rules on its dates are rows of date-rules.ts, read by the machine's guard and by the use case, so
// that a broken date is a 422 naming the field, never a refused transition.
import { compareCivil, type CivilDate } from '#domain';
import { type Party, type Terms } from './event-definitions.js';

export interface AmendmentDeliberation {
  outcome: 'adopted' | 'refused';
  number: string;
  date: CivilDate;
}
export interface AmendmentSignature {
  signatoryName: string;
  signatoryQuality: string;
  date: CivilDate;
}

/**
 * The avenant in progress. The proposals written before the sub-process existed have only `proposedBy` and
 * `terms` (every other field absent): accepted now, they go through the same steps and apply at the last
 * signature.
 */
export interface Amendment {
  proposedBy: Party;
  /** The whole terms as proposed (the terms in force when only the scope changes). */
  terms: Terms;
  /** Avenant n°: 1, 2, … per convention. Absent in the old proposals: the number of applied avenants + 1. */
  number?: number;
  /** Absent in the old proposals: the last signature's day. */
  effectiveDate?: CivilDate;
  /** The terms in force when it was proposed: what it changes is the difference with them. */
  previousTerms?: Terms;
  /** The options (ADS act types among them) of the service after the avenant; absent: unchanged. */
  options?: string[];
  /** Why the avenant is proposed, in the proposer's words. */
  reason?: string;
  proposedOn?: CivilDate;
  acceptedOn?: CivilDate;
  /** A change of the financial terms or of the scope needs both councils' deliberations. */
  deliberationsRequired?: boolean;
  deliberations?: Partial<Record<Party, AmendmentDeliberation>>;
  signatures?: Partial<Record<Party, AmendmentSignature>>;
}

/** An avenant once applied: kept, with the day its terms took effect, for the documents and the money. */
export interface AppliedAmendment extends Amendment {
  number: number;
  appliedOn: CivilDate;
}

/** The terms whose change needs the councils: the price and the way it is paid or revised. */
const FINANCIAL_FIELDS = ['unitCostCents', 'periodicity', 'costRevision'] as const;
const TERM_FIELDS = ['unitCostCents', 'forecastUnits', 'periodicity', 'costRevision', 'description'] as const;
type TermField = (typeof TERM_FIELDS)[number];

/** The fields of the terms an avenant changes (absent payment terms mean yearly, as everywhere). */
export function changedTermFields(before: Terms | null | undefined, after: Terms): TermField[] {
  const norm = (terms: Terms | null | undefined, field: TermField): unknown => {
    if (!terms) return undefined;
    if (field === 'periodicity' || field === 'costRevision') return terms[field] ?? 'yearly';
    return terms[field];
  };
  return TERM_FIELDS.filter((field) => norm(before, field) !== norm(after, field));
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * The rule on deliberations (DOMAIN.md §6, « An amendment is a small convention »): the convention was
 * approved by both councils (L5211-4-1, L5211-4-2 CGCT), so by the parallelism of forms an avenant that
 * changes what they approved, the price, how it is paid or revised, or the scope (options, ADS act types),
 * goes back to both councils. A change of the forecast units or of the wording alone does not: the forecast
 * is an estimate that each renewal already sets without a deliberation.
 */
export function requiresDeliberations(amendment: Pick<Amendment, 'terms' | 'previousTerms' | 'options'>, current: { terms: Terms | null; options?: readonly string[] }): boolean {
  const before = amendment.previousTerms ?? current.terms;
  const financial = changedTermFields(before, amendment.terms).some((f) => (FINANCIAL_FIELDS as readonly string[]).includes(f));
  const scope = amendment.options !== undefined && (current.options === undefined || !sameSet(amendment.options, current.options));
  return financial || scope;
}

/** The day the avenant's terms apply: its effective date, or the last signature's day if that is later. */
export function amendmentAppliesOn(amendment: Amendment): CivilDate | null {
  const signatures = amendment.signatures ?? {};
  if (!signatures.commune || !signatures.epci) return null;
  const lastSignature = compareCivil(signatures.commune.date, signatures.epci.date) >= 0 ? signatures.commune.date : signatures.epci.date;
  const effective = amendment.effectiveDate;
  return effective && compareCivil(effective, lastSignature) > 0 ? effective : lastSignature;
}

/** The terms in force once the avenant applies: what it changed, over the terms in force that day. */
export function amendedTerms(current: Terms | null, amendment: Amendment): Terms {
  if (!current || !amendment.previousTerms) return amendment.terms;
  const changed = changedTermFields(amendment.previousTerms, amendment.terms);
  const next: Terms = { ...current };
  for (const field of changed) {
    const value = amendment.terms[field];
    if (value === undefined) delete next[field];
    else (next as Record<TermField, unknown>)[field] = value;
  }
  return next;
}

/**
 * The terms in force from the convention's start, then from each applied avenant's day: each avenant's changes
 * are taken back from the terms in force now, in reverse order. An avenant proposed before the sub-process kept
 * no previous terms: what it changed is unknown, and the terms before it are taken as its own.
 */
export function termsHistory(context: { startDate: CivilDate | null; terms: Terms | null; amendments?: readonly AppliedAmendment[] }): Array<{ from: CivilDate; terms: Terms }> {
  if (!context.startDate || !context.terms) return [];
  const applied = [...(context.amendments ?? [])].sort((a, b) => compareCivil(a.appliedOn, b.appliedOn));
  const history: Array<{ from: CivilDate; terms: Terms }> = [];
  let terms = context.terms;
  for (const amendment of applied.reverse()) {
    history.unshift({ from: amendment.appliedOn, terms });
    terms = amendment.previousTerms ? revertedTerms(terms, amendment) : terms;
  }
  history.unshift({ from: context.startDate, terms });
  return history;
}

/** The terms before an avenant, from those after it: the fields it changed, back to their previous values. */
function revertedTerms(after: Terms, amendment: Amendment): Terms {
  const before: Terms = { ...after };
  for (const field of changedTermFields(amendment.previousTerms, amendment.terms)) {
    const value = amendment.previousTerms![field];
    if (value === undefined) delete before[field];
    else (before as Record<TermField, unknown>)[field] = value;
  }
  return before;
}
