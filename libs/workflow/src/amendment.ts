// The avenant (amendment) of a convention in force, as a sub-process: proposed by one party with its
// effective date, accepted by the other, approved by both councils when it changes the financial terms or
// the scope, signed by both, and applied from its effective date, never before the last signature.
// Pure: the rules on its dates are one function that the machine's guards and the use case both call, so
// that a broken date is a 422 naming the field, never a refused transition.
import { anniversary, compareCivil, parisDateOf, type CivilDate } from '#domain';
import { type Party, type Terms } from './event-definitions.js';

/** The years of a convention's term (duplicated from the machine to keep this module free of it). */
const TERM_YEARS = 3;

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

/** « 12/03/2027 »: how a French sentence of a rule names a date. */
export function frenchShortDate(date: CivilDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

export interface AmendmentRuleIssue {
  field: string;
  code: string;
  message: string;
}

/** What the date rules of an avenant read from the adhesion. */
export interface AmendmentRuleContext {
  startDate: CivilDate | null;
  amendment: Amendment | null;
}

type AmendmentEvent =
  | { type: 'PROPOSE_AMENDMENT'; at: string; effectiveDate?: CivilDate }
  | { type: 'RECORD_AMENDMENT_DELIBERATION'; at: string; date: CivilDate }
  | { type: 'SIGN_AMENDMENT'; at: string; date: CivilDate }
  | { type: string; at: string };

const latest = (dates: Array<CivilDate | undefined>): CivilDate | undefined =>
  dates.filter((d): d is CivilDate => d !== undefined).reduce<CivilDate | undefined>((a, b) => (a === undefined || compareCivil(b, a) > 0 ? b : a), undefined);

/**
 * The dates of one avenant event against the chain, as `{ field, code, message }` (none: the dates hold):
 * - the effective date: not before the day it is proposed (an avenant is never retroactive), and before the
 *   end of the term (its third anniversary, when the convention is no longer in force);
 * - a deliberation: not in the future, not before the acceptance of the avenant;
 * - a signature: not in the future, not before the acceptance nor before the deliberations recorded.
 */
export function amendmentDateIssues(context: AmendmentRuleContext, event: AmendmentEvent): AmendmentRuleIssue[] {
  const today = parisDateOf(event.at);
  const issues: AmendmentRuleIssue[] = [];
  if (event.type === 'PROPOSE_AMENDMENT' && 'effectiveDate' in event && event.effectiveDate) {
    const date = event.effectiveDate;
    if (compareCivil(date, today) < 0) {
      issues.push({
        field: 'effectiveDate',
        code: 'before_minimum',
        message: `La date d’effet de l’avenant ne peut pas précéder le jour de sa proposition (${frenchShortDate(today)}).`,
      });
    }
    if (context.startDate) {
      const termEnd = anniversary(context.startDate, TERM_YEARS);
      if (compareCivil(date, termEnd) >= 0) {
        issues.push({
          field: 'effectiveDate',
          code: 'after_maximum',
          message: `La date d’effet de l’avenant doit précéder le terme de la convention (${frenchShortDate(termEnd)}).`,
        });
      }
    }
  }
  if ((event.type === 'RECORD_AMENDMENT_DELIBERATION' || event.type === 'SIGN_AMENDMENT') && 'date' in event) {
    const what = event.type === 'SIGN_AMENDMENT' ? 'La date de signature de l’avenant' : 'La date de la délibération';
    const amendment = context.amendment;
    if (compareCivil(event.date, today) > 0) {
      issues.push({ field: 'date', code: 'after_maximum', message: `${what} ne peut pas être postérieure à aujourd’hui (${frenchShortDate(today)}).` });
    }
    if (amendment?.acceptedOn && compareCivil(event.date, amendment.acceptedOn) < 0) {
      issues.push({
        field: 'date',
        code: 'before_minimum',
        message: `${what} ne peut pas précéder l’acceptation de l’avenant (${frenchShortDate(amendment.acceptedOn)}).`,
      });
    }
    if (event.type === 'SIGN_AMENDMENT') {
      const deliberated = latest([amendment?.deliberations?.commune?.date, amendment?.deliberations?.epci?.date]);
      if (deliberated && compareCivil(event.date, deliberated) < 0) {
        issues.push({
          field: 'date',
          code: 'before_minimum',
          message: `La date de signature de l’avenant ne peut pas précéder les délibérations des deux assemblées (${frenchShortDate(deliberated)}).`,
        });
      }
    }
  }
  return issues;
}
