// The dates of the legal chain: one table of rules, read by the machine's guard (`datesFollowTheChain`), by
// the API before the machine (a breach is a 422 that states the rule, never a 409) and by the forms (each
// date field's min and max). One table, so that the three can never disagree.
//
// A rule bounds one date of one event: a payload field, or `at` (the day the event happens), from below
// (`min`: the date may not precede the bound) or from above (`max`: it may not follow it). The bound is read
// from the context and the day of the event; null when it cannot be checked, e.g. a context field absent in
// the snapshots stored before it existed: the rule is then skipped, as it was before it existed.
import {
  addDays,
  anniversary,
  compareCivil,
  earliestNoticeEffectiveDate,
  parisDateOf,
  type CivilDate,
} from '#domain';
import { type AdhesionContext } from './adhesion.machine.js';
import { type EventType } from './event-definitions.js';

/** The term of a convention, in years; each year but the last is renewed expressly. */
export const CONVENTION_YEARS = 3;

export interface DateRule {
  /** The event whose date the rule bounds. */
  event: EventType;
  /** The payload field that holds the date, or `at` for the day the event happens. */
  field: string;
  /** Stable, English snake_case: the issue's `code`. */
  code: string;
  /** `min`: the date may not precede the bound; `max`: it may not follow it. */
  kind: 'min' | 'max';
  /** The bound on the day `today` of the event; null when it cannot be checked. */
  bound: (context: AdhesionContext, today: CivilDate) => CivilDate | null;
  /** The French sentence that states the rule; `bound` is already written dd/mm/yyyy. */
  message: (bound: string, context: AdhesionContext) => string;
}

export interface DateViolation {
  field: string;
  code: string;
  message: string;
}

export interface DateBound {
  min?: CivilDate;
  max?: CivilDate;
}

/** '2027-03-12' → '12/03/2027', as the sentences state a date. */
export const dayMonthYear = (date: CivilDate): string => date.split('-').reverse().join('/');

const latest = (dates: ReadonlyArray<CivilDate | null | undefined>): CivilDate | null =>
  dates.reduce<CivilDate | null>((max, date) => (date && (max === null || compareCivil(date, max) > 0) ? date : max), null);

/** The last day of the convention's term: the third anniversary of its start; null before it starts. */
export function termEnd(context: AdhesionContext): CivilDate | null {
  return context.startDate ? anniversary(context.startDate, CONVENTION_YEARS) : null;
}

const notAfterToday = (event: EventType, field: string, code: string, what: string): DateRule => ({
  event,
  field,
  code,
  kind: 'max',
  bound: (_, today) => today,
  message: (bound) => `${what} ne peut pas être postérieure à aujourd’hui (${bound}).`,
});

/**
 * The rules, in the order of the chain. Another sub-process (an amendment's effective date inside the term,
 * say) adds its own rows here; `termEnd` gives the term's last day.
 */
export const DATE_RULES: DateRule[] = [
  {
    event: 'ACKNOWLEDGE',
    field: 'at',
    code: 'acknowledgement_before_submission',
    kind: 'min',
    bound: (context) => context.submittedOn ?? null,
    message: (bound) => `L’accusé de réception ne peut pas précéder le dépôt de la demande (${bound}).`,
  },
  {
    event: 'RECORD_CST_OPINION',
    field: 'date',
    code: 'cst_opinion_before_study',
    kind: 'min',
    bound: (context) => context.studySubmittedOn ?? null,
    message: (bound) => `La date de l’avis du comité social territorial ne peut pas précéder la transmission de l’étude (${bound}).`,
  },
  notAfterToday('RECORD_CST_OPINION', 'date', 'cst_opinion_in_future', 'La date de l’avis du comité social territorial'),
  {
    event: 'RECORD_DELIBERATION',
    field: 'date',
    code: 'deliberation_before_acceptance',
    kind: 'min',
    bound: (context) => context.proposalAcceptedOn ?? null,
    message: (bound) => `La date de la délibération ne peut pas précéder l’acceptation de la proposition (${bound}).`,
  },
  {
    event: 'RECORD_DELIBERATION',
    field: 'date',
    code: 'deliberation_before_cst_opinion',
    kind: 'min',
    bound: (context) => context.cstOpinion?.date ?? null,
    message: (bound) => `La date de la délibération ne peut pas précéder l’avis du comité social territorial (${bound}).`,
  },
  notAfterToday('RECORD_DELIBERATION', 'date', 'deliberation_in_future', 'La date de la délibération'),
  {
    event: 'SIGN',
    field: 'date',
    code: 'signature_before_deliberations',
    kind: 'min',
    bound: ({ deliberations }) =>
      latest([deliberations.commune, deliberations.epci].map((d) => (d?.outcome === 'adopted' ? d.date : null))),
    message: (bound) => `La date de signature ne peut pas précéder les délibérations des deux conseils (la dernière le ${bound}).`,
  },
  notAfterToday('SIGN', 'date', 'signature_in_future', 'La date de signature'),
  {
    event: 'ISSUE_PROPOSAL',
    field: 'startDate',
    code: 'start_date_in_past',
    kind: 'min',
    bound: (_, today) => today,
    message: (bound) => `La date de début ne peut pas précéder aujourd’hui (${bound}).`,
  },
  {
    event: 'ISSUE_PROPOSAL',
    field: 'validUntil',
    code: 'valid_until_in_past',
    kind: 'min',
    bound: (_, today) => today,
    message: (bound) => `La proposition ne peut pas être valable jusqu’à une date passée : au plus tôt aujourd’hui (${bound}).`,
  },
  {
    event: 'GIVE_NOTICE',
    field: 'effectiveDate',
    code: 'notice_too_short',
    kind: 'min',
    bound: (context, today) => earliestNoticeEffectiveDate(today, context.noticePeriodMonths),
    message: (bound, context) =>
      `Le préavis est de ${context.noticePeriodMonths} mois : la résiliation ne peut pas prendre effet avant le ${bound}.`,
  },
  {
    event: 'GIVE_NOTICE',
    field: 'effectiveDate',
    code: 'notice_after_term',
    kind: 'max',
    bound: termEnd,
    message: (bound) => `La résiliation ne peut pas prendre effet après le terme de la convention (${bound}).`,
  },
  // An avenant (amendment.ts): never retroactive, inside the term; its deliberations after its acceptance, its
  // signatures after its acceptance and both deliberations.
  {
    event: 'PROPOSE_AMENDMENT',
    field: 'effectiveDate',
    code: 'amendment_effective_in_past',
    kind: 'min',
    bound: (_, today) => today,
    message: (bound) => `La date d’effet de l’avenant ne peut pas précéder le jour de sa proposition (${bound}).`,
  },
  {
    event: 'PROPOSE_AMENDMENT',
    field: 'effectiveDate',
    code: 'amendment_after_term',
    kind: 'max',
    // The term's end is the first day the convention is no longer in force: an avenant takes effect before.
    bound: (context) => {
      const end = termEnd(context);
      return end ? addDays(end, -1) : null;
    },
    message: (bound) => `La date d’effet de l’avenant ne peut pas suivre le dernier jour de la convention (${bound}).`,
  },
  {
    event: 'RECORD_AMENDMENT_DELIBERATION',
    field: 'date',
    code: 'amendment_deliberation_before_acceptance',
    kind: 'min',
    bound: (context) => context.amendment?.acceptedOn ?? null,
    message: (bound) => `La date de la délibération ne peut pas précéder l’acceptation de l’avenant (${bound}).`,
  },
  notAfterToday('RECORD_AMENDMENT_DELIBERATION', 'date', 'amendment_deliberation_in_future', 'La date de la délibération'),
  {
    event: 'SIGN_AMENDMENT',
    field: 'date',
    code: 'amendment_signature_before_acceptance',
    kind: 'min',
    bound: (context) => context.amendment?.acceptedOn ?? null,
    message: (bound) => `La date de signature de l’avenant ne peut pas précéder son acceptation (${bound}).`,
  },
  {
    event: 'SIGN_AMENDMENT',
    field: 'date',
    code: 'amendment_signature_before_deliberations',
    kind: 'min',
    bound: ({ amendment }) =>
      latest([amendment?.deliberations?.commune, amendment?.deliberations?.epci].map((d) => (d?.outcome === 'adopted' ? d.date : null))),
    message: (bound) => `La date de signature de l’avenant ne peut pas précéder les délibérations des deux conseils (la dernière le ${bound}).`,
  },
  notAfterToday('SIGN_AMENDMENT', 'date', 'amendment_signature_in_future', 'La date de signature de l’avenant'),
  // A renewal at term (« renouveler la convention ») starts the day the old term ends, so that the two
  // conventions follow each other with no gap and no overlap; unless that day has passed already.
  ...(['min', 'max'] as const).map(
    (kind): DateRule => ({
      event: 'ISSUE_PROPOSAL',
      field: 'startDate',
      code: 'renewal_start_not_at_term',
      kind,
      bound: (context, today) => (context.renewalOf && compareCivil(context.renewalOf.startDate, today) >= 0 ? context.renewalOf.startDate : null),
      message: (bound) => `Ce renouvellement commence le jour du terme de la convention précédente : la date de début doit être le ${bound}.`,
    }),
  ),
  {
    event: 'PROPOSE_TERMINATION',
    field: 'effectiveDate',
    code: 'termination_date_too_early',
    kind: 'min',
    bound: (context, today) => latest([today, context.startDate ? addDays(context.startDate, 1) : null]),
    message: (bound) => `La résiliation d’un commun accord ne peut pas prendre effet avant le ${bound}.`,
  },
  {
    event: 'PROPOSE_TERMINATION',
    field: 'effectiveDate',
    code: 'termination_after_year_end',
    kind: 'max',
    bound: (context) => (context.startDate ? anniversary(context.startDate, Math.min(Math.max(context.year, 1), CONVENTION_YEARS)) : null),
    message: (bound) =>
      `La résiliation d’un commun accord prend effet au plus tard à la fin de l’année de convention en cours (${bound}) : au-delà, la convention doit d’abord être reconduite.`,
  },
];

/**
 * The rules of each event type. Most events have none (a question, its answer, a time event), and the machine's
 * guard asks for every event it is sent and every action it lists: those are answered without computing the
 * event's day in Paris.
 */
const RULES_OF_EVENT = new Map<string, DateRule[]>();
for (const rule of DATE_RULES) RULES_OF_EVENT.set(rule.event, [...(RULES_OF_EVENT.get(rule.event) ?? []), rule]);

/** The rules that break when this event happens in this context: empty when its dates follow the chain. */
export function dateViolations(context: AdhesionContext, event: { type: string; at: string }): DateViolation[] {
  const rules = RULES_OF_EVENT.get(event.type);
  if (!rules) return [];
  const today = parisDateOf(event.at);
  const payload = event as unknown as Record<string, unknown>;
  return rules.flatMap((rule) => {
    const value = rule.field === 'at' ? today : payload[rule.field];
    const bound = rule.bound(context, today);
    if (typeof value !== 'string' || bound === null) return [];
    const broken = rule.kind === 'min' ? compareCivil(value, bound) < 0 : compareCivil(value, bound) > 0;
    return broken ? [{ field: rule.field, code: rule.code, message: rule.message(dayMonthYear(bound), context) }] : [];
  });
}

/**
 * The tightest bounds of each payload date of this event on `today`, for a form's min and max: the latest of
 * its `min` rules, the earliest of its `max` rules. Fields with no bound are left out; `at` is not a field.
 */
export function dateBounds(context: AdhesionContext, eventType: EventType, today: CivilDate): Record<string, DateBound> {
  const bounds: Record<string, DateBound> = {};
  for (const rule of DATE_RULES) {
    if (rule.event !== eventType || rule.field === 'at') continue;
    const bound = rule.bound(context, today);
    if (bound === null) continue;
    const current = (bounds[rule.field] ??= {});
    if (rule.kind === 'min' && (current.min === undefined || compareCivil(bound, current.min) > 0)) current.min = bound;
    if (rule.kind === 'max' && (current.max === undefined || compareCivil(bound, current.max) < 0)) current.max = bound;
  }
  return bounds;
}
