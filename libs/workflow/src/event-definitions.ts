// One definition per event of the adhesion lifecycle: who may send it, its French label, its payload
// fields (each with its schema and the way a form asks for it) and a valid example. Everything else about
// events is derived from this table: the event types, the payload schemas and their parsing (events.ts),
// the permissions (permissions.ts), the labels and form fields (labels.fr.ts), the sample events with which
// allowedEvents asks the machine (allowed-events.ts) and the description of the workflow (describe.ts).
import { z } from 'zod';
import { addDays, compareCivil, COST_REVISIONS, earliestNoticeEffectiveDate, isCivilDate, PERIODICITIES, type CivilDate, type CostRevision, type Periodicity } from '#domain';
import { multiLineText, singleLineText } from '#contracts';

export const PARTIES = ['commune', 'epci'] as const;
export type Party = (typeof PARTIES)[number];

export const ROLES = ['secretary', 'agent', 'dgs', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** The party a role acts for in the two-party events: the secretary for the commune, the DGS for the EPCI. */
export const PARTY_OF_ROLE: Readonly<Partial<Record<Role, Party>>> = { secretary: 'commune', dgs: 'epci' };

// ---- payload building blocks ----

const civilDate = z.string().refine(isCivilDate, { message: 'invalid_date' });
// Texts follow the contracts' one rule (no NUL, control or bidi character; no line break on one line).
const text = (max = 2000) => multiLineText({ max });
const optionalText = (max = 2000) => multiLineText({ min: 0, max }).optional();
const line = (max: number) => singleLineText({ max });
/** Units may be fractional (weighted ADS acts); at most 4 decimals, so that money stays exact. */
const units = z
  .number()
  .nonnegative()
  .max(1e9)
  .refine((n) => Number.isFinite(n) && Math.abs(Math.round(n * 1e4) - n * 1e4) < 1e-6, { message: 'too_many_decimals' });
const cents = z.number().int().positive().max(1e11);
const partySchema = z.enum(PARTIES);

const PERIODICITY_LABELS = { yearly: 'Annuelle', half_yearly: 'Semestrielle', quarterly: 'Trimestrielle' } as const satisfies Record<Periodicity, string>;
const COST_REVISION_LABELS = {
  yearly: 'Coût unitaire notifié chaque année',
  fixed: 'Coût unitaire de la convention pour toute sa durée',
} as const satisfies Record<CostRevision, string>;

export const termsSchema = z.object({
  unitCostCents: cents,
  forecastUnits: units,
  description: text(4000),
  /** Absent in the terms written before payments had a periodicity: yearly. */
  periodicity: z.enum(PERIODICITIES).optional(),
  /** Absent in the terms written before: the year's notified cost. */
  costRevision: z.enum(COST_REVISIONS).optional(),
});
export type Terms = z.infer<typeof termsSchema>;

// ---- form fields ----

export type FieldType = 'text' | 'longtext' | 'date' | 'integer' | 'cents' | 'decimal' | 'boolean' | 'enum' | 'terms' | 'options';

/** A payload field as a form asks for it. `required` is read from the field's schema. */
export interface EventField {
  name: string;
  type: FieldType;
  required: boolean;
  label: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
}

/** One payload field: its schema, and how a form asks for it. */
interface FieldDefinition<S extends z.ZodType = z.ZodType> {
  schema: S;
  type: FieldType;
  label: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
}

const field = <S extends z.ZodType>(schema: S, type: FieldType, label: string): FieldDefinition<S> => ({
  schema,
  type,
  label,
});

/** A choice among fixed values: the schema's values and the form's options come from the same labels. */
function choice<const O extends Readonly<Record<string, string>>>(options: O, label: string) {
  const values = Object.keys(options) as Array<keyof O & string>;
  return {
    schema: z.enum(values),
    type: 'enum' as const,
    label,
    options: values.map((value) => ({ value, label: options[value] })),
  };
}

/** An optional choice that the machine receives with its default when the form leaves it out. */
function withDefault<V extends string>(definition: { schema: z.ZodEnum<Record<V, V>>; type: 'enum'; label: string; options: ReadonlyArray<{ value: string; label: string }> }, value: NoInfer<V>) {
  return { ...definition, schema: definition.schema.default(value as never) };
}

const reason = () => field(text(), 'longtext', 'Motif');
const optionalReason = () => field(optionalText(), 'longtext', 'Motif');

// ---- the definitions ----

/**
 * What an example may depend on: the day it is sent, the sender's party, the service's notice period and, for a
 * renewal at term, the day its convention must start (its predecessor's term).
 */
export interface ExampleContext {
  today: CivilDate;
  party: Party;
  noticePeriodMonths: number;
  renewalStart?: CivilDate;
}

type Simplify<T> = { [K in keyof T]: T[K] };
/** The zod shape of an event's payload: `party` first for the two-party events, then the fields. */
type ShapeOf<F extends Record<string, FieldDefinition>, P extends boolean> = Simplify<
  (P extends true ? { party: typeof partySchema } : unknown) & { [K in keyof F]: F[K]['schema'] }
>;

export interface EventDefinition<Shape extends z.core.$ZodLooseShape = z.core.$ZodLooseShape> {
  /** The French label of the action, for the UI and the generated documents. */
  label: string;
  /** The roles that may send it. */
  roles: readonly Role[];
  /** A two-party event: its payload names the party it acts for, and each role may act only for its own. */
  party: boolean;
  /** A time event, sent only by the scheduler when a stored deadline falls due. */
  time: boolean;
  /** The payload (without `type` and `at`, which the server stamps). Unknown fields are dropped. */
  schema: z.ZodObject<Shape>;
  /** The fields a form asks for, in order; `party` is not one of them: the server sets it from the role. */
  fields: readonly EventField[];
  /** A valid payload, with the dates the machine's rules ask for on the given day. */
  example: (context: ExampleContext) => z.input<z.ZodObject<Shape>>;
}

function defineEvent<
  const F extends Record<string, FieldDefinition> = Record<never, FieldDefinition>,
  const P extends boolean = false,
  const T extends boolean = false,
>(definition: {
  label: string;
  roles: readonly Role[];
  party?: P;
  time?: T;
  fields?: F;
  example?: (context: ExampleContext) => NoInfer<z.input<z.ZodObject<ShapeOf<F, P>>>>;
}): EventDefinition<ShapeOf<F, P>> & { party: P; time: T } {
  const fields = Object.entries(definition.fields ?? {}) as Array<[string, FieldDefinition]>;
  const shape = {
    ...(definition.party ? { party: partySchema } : {}),
    ...Object.fromEntries(fields.map(([name, f]) => [name, f.schema])),
  } as ShapeOf<F, P>;
  return {
    label: definition.label,
    roles: definition.roles,
    party: (definition.party ?? false) as P,
    time: (definition.time ?? false) as T,
    schema: z.object(shape) as unknown as z.ZodObject<ShapeOf<F, P>>,
    fields: fields.map(([name, f]) => ({
      name,
      type: f.type,
      required: !f.schema.safeParse(undefined).success,
      label: f.label,
      ...(f.options && { options: f.options }),
    })),
    example: definition.example ?? (() => ({}) as z.input<z.ZodObject<ShapeOf<F, P>>>),
  };
}

/** A council's deliberation, recorded by its own party: the convention's and the avenant's. */
const councilDeliberation = (label: string) =>
  defineEvent({
    label,
    roles: ['secretary', 'dgs'],
    party: true,
    fields: {
      outcome: choice({ adopted: 'Adoptée', refused: 'Rejetée' }, 'Décision'),
      number: field(line(100), 'text', 'Numéro de la délibération'),
      date: field(civilDate, 'date', 'Date de la séance'),
    },
    example: ({ today, party }) => ({ party, outcome: 'adopted' as const, number: 'D-1', date: today }),
  });

/** A party's signature, dated: the convention's and the avenant's. */
const partySignature = (label: string) =>
  defineEvent({
    label,
    roles: ['secretary', 'dgs'],
    party: true,
    fields: {
      signatoryName: field(line(200), 'text', 'Nom du signataire'),
      signatoryQuality: field(line(200), 'text', 'Qualité du signataire'),
      date: field(civilDate, 'date', 'Date de signature'),
    },
    example: ({ today, party }) => ({ party, signatoryName: 'Signataire', signatoryQuality: 'Qualité', date: today }),
  });

/** A deadline delivered by the scheduler: no payload, no one else may send it. */
const timeEvent = (label: string) => defineEvent({ label, roles: ['system'], time: true });

/** Every event the HTTP API and the scheduler may send, in the order the UI lists them. */
export const EVENT_DEFINITIONS = {
  // commune side
  SUBMIT: defineEvent({ label: 'Déposer la demande', roles: ['secretary'] }),
  WITHDRAW: defineEvent({ label: 'Retirer la demande', roles: ['secretary'], fields: { reason: optionalReason() } }),
  PROVIDE_INFO: defineEvent({
    label: 'Répondre à la question',
    roles: ['secretary'],
    fields: { answer: field(text(5000), 'longtext', 'Réponse') },
    example: () => ({ answer: 'Réponse' }),
  }),
  ACCEPT_PROPOSAL: defineEvent({ label: 'Accepter la proposition', roles: ['secretary'] }),
  REQUEST_CHANGES: defineEvent({
    label: 'Demander des modifications',
    roles: ['secretary'],
    fields: { comment: field(text(5000), 'longtext', 'Modifications souhaitées') },
    example: () => ({ comment: 'Modification demandée' }),
  }),
  DECLINE_PROPOSAL: defineEvent({ label: 'Refuser la proposition', roles: ['secretary'], fields: { reason: optionalReason() } }),
  CONFIRM_RENEWAL: defineEvent({
    label: 'Confirmer la reconduction',
    roles: ['secretary'],
    fields: { plannedUnits: field(units, 'decimal', 'Unités prévues pour l’année à venir') },
    example: () => ({ plannedUnits: 1 }),
  }),
  DECLINE_RENEWAL: defineEvent({ label: 'Ne pas reconduire', roles: ['secretary'], fields: { reason: optionalReason() } }),
  // EPCI side
  ACKNOWLEDGE: defineEvent({ label: 'Accuser réception', roles: ['dgs'] }),
  DECLARE_INADMISSIBLE: defineEvent({
    label: 'Déclarer irrecevable',
    roles: ['dgs'],
    fields: { reason: reason() },
    example: () => ({ reason: 'Irrecevable' }),
  }),
  // The head of the shared service carries out the study; the DGS may step in.
  REQUEST_INFO: defineEvent({
    label: 'Poser une question à la commune',
    roles: ['agent', 'dgs'],
    fields: { question: field(text(5000), 'longtext', 'Question') },
    example: () => ({ question: 'Question' }),
  }),
  SUBMIT_STUDY: defineEvent({
    label: 'Transmettre l’étude',
    roles: ['agent', 'dgs'],
    fields: {
      forecastUnits: field(units, 'decimal', 'Unités prévisionnelles par an'),
      staffImpact: field(z.boolean(), 'boolean', 'Impact sur le personnel (transfert ou mise à disposition)'),
      notes: field(optionalText(10000), 'longtext', 'Diagnostic et observations'),
    },
    example: () => ({ forecastUnits: 1, staffImpact: false }),
  }),
  APPROVE_STUDY: defineEvent({ label: 'Valider l’étude', roles: ['dgs'] }),
  REVISE_STUDY: defineEvent({
    label: 'Renvoyer l’étude pour révision',
    roles: ['dgs'],
    fields: { comment: field(optionalText(5000), 'longtext', 'Points à revoir') },
  }),
  REJECT: defineEvent({
    label: 'Rejeter la demande',
    roles: ['dgs'],
    fields: { reason: reason() },
    example: () => ({ reason: 'Rejet' }),
  }),
  ISSUE_PROPOSAL: defineEvent({
    label: 'Émettre la proposition',
    roles: ['dgs'],
    fields: {
      unitCostCents: field(cents, 'cents', 'Coût unitaire de fonctionnement'),
      forecastUnits: field(units.refine((n) => n > 0, { message: 'must_be_positive' }), 'decimal', 'Unités prévisionnelles par an'),
      startDate: field(civilDate, 'date', 'Date de début souhaitée'),
      validUntil: field(civilDate, 'date', 'Proposition valable jusqu’au'),
      // D5211-16: the convention states how often the commune pays, at least once a year.
      periodicity: withDefault(choice(PERIODICITY_LABELS, 'Périodicité des versements'), 'yearly'),
      costRevision: withDefault(choice(COST_REVISION_LABELS, 'Coût unitaire applicable'), 'yearly'),
    },
    example: ({ today, renewalStart }) => ({
      unitCostCents: 10_000,
      forecastUnits: 1,
      // A renewal starts at its predecessor's term while that day is still to come (date-rules.ts).
      startDate: renewalStart && compareCivil(renewalStart, today) >= 0 ? renewalStart : addDays(today, 30),
      validUntil: addDays(today, 30),
      periodicity: 'yearly' as const,
      costRevision: 'yearly' as const,
    }),
  }),
  RECORD_CST_OPINION: defineEvent({
    label: 'Enregistrer l’avis du comité social territorial',
    roles: ['dgs'],
    fields: {
      opinion: choice({ favourable: 'Favorable', unfavourable: 'Défavorable' }, 'Avis'),
      date: field(civilDate, 'date', 'Date de la séance'),
    },
    example: ({ today }) => ({ opinion: 'favourable' as const, date: today }),
  }),
  VALIDATE_RENEWAL: defineEvent({ label: 'Valider la reconduction', roles: ['dgs'] }),
  // The EPCI's own "no" to a renewal (DECLINE_RENEWAL is the commune's, whose reason is optional).
  REFUSE_RENEWAL: defineEvent({
    label: 'Refuser la reconduction',
    roles: ['dgs'],
    fields: { reason: field(text(5000), 'longtext', 'Motif du refus') },
    example: () => ({ reason: 'Refus de reconduction' }),
  }),
  // either side, each for its own party
  RECORD_DELIBERATION: councilDeliberation('Enregistrer la délibération'),
  SIGN: partySignature('Signer la convention'),
  // An avenant: proposed by either party with its effective date, accepted (or refused) by the other, approved by
  // both councils when it changes the price or the scope, signed by both (amendment.ts).
  PROPOSE_AMENDMENT: defineEvent({
    label: 'Proposer un avenant',
    roles: ['secretary', 'dgs'],
    party: true,
    fields: {
      // Absent: the terms in force (an avenant of scope only); a payment term left out stays as it is.
      terms: field(termsSchema.optional(), 'terms', 'Nouvelles conditions'),
      // The whole list of options (ADS act types among them) after the avenant; absent: unchanged.
      options: field(z.array(line(100)).max(100).optional(), 'options', 'Options après l’avenant'),
      effectiveDate: field(civilDate, 'date', 'Date d’effet de l’avenant'),
      reason: field(optionalText(5000), 'longtext', 'Objet de l’avenant'),
    },
    example: ({ party, today }) => ({ party, effectiveDate: today, terms: { unitCostCents: 10_000, forecastUnits: 1, description: 'Avenant' } }),
  }),
  ACCEPT_AMENDMENT: defineEvent({
    label: 'Accepter l’avenant',
    roles: ['secretary', 'dgs'],
    party: true,
    example: ({ party }) => ({ party }),
  }),
  REFUSE_AMENDMENT: defineEvent({
    label: 'Refuser l’avenant',
    roles: ['secretary', 'dgs'],
    party: true,
    fields: { reason: optionalReason() },
    example: ({ party }) => ({ party }),
  }),
  RECORD_AMENDMENT_DELIBERATION: councilDeliberation('Enregistrer la délibération sur l’avenant'),
  SIGN_AMENDMENT: partySignature('Signer l’avenant'),
  GIVE_NOTICE: defineEvent({
    label: 'Donner préavis de résiliation',
    roles: ['secretary', 'dgs'],
    party: true,
    fields: {
      reason: field(multiLineText({ min: 10, max: 5000 }), 'longtext', 'Motif d’intérêt général'),
      effectiveDate: field(civilDate, 'date', 'Date de prise d’effet'),
    },
    example: ({ today, party, noticePeriodMonths }) => ({
      party,
      reason: "Motif d'intérêt général",
      effectiveDate: earliestNoticeEffectiveDate(today, noticePeriodMonths),
    }),
  }),
  PROPOSE_TERMINATION: defineEvent({
    label: 'Proposer une résiliation d’un commun accord',
    roles: ['secretary', 'dgs'],
    party: true,
    fields: {
      reason: field(text(5000), 'longtext', 'Motif'),
      effectiveDate: field(civilDate, 'date', 'Date de fin proposée'),
    },
    example: ({ today, party }) => ({ party, reason: 'Commun accord', effectiveDate: addDays(today, 1) }),
  }),
  ACCEPT_TERMINATION: defineEvent({
    label: 'Accepter la résiliation d’un commun accord',
    roles: ['secretary', 'dgs'],
    party: true,
    example: ({ party }) => ({ party }),
  }),
  REFUSE_TERMINATION: defineEvent({
    label: 'Refuser la résiliation d’un commun accord',
    roles: ['secretary', 'dgs'],
    party: true,
    fields: { reason: optionalReason() },
    example: ({ party }) => ({ party }),
  }),
  // time, sent only by the scheduler
  RENEWAL_WINDOW_OPENED: timeEvent('Ouverture de la période de reconduction'),
  ANNIVERSARY_PASSED: timeEvent('Date anniversaire passée'),
  PROPOSAL_EXPIRED: timeEvent('Expiration de la proposition'),
  NOTICE_EFFECTIVE: timeEvent('Prise d’effet du préavis'),
  TERM_ENDED: timeEvent('Terme de la convention'),
  AMENDMENT_EFFECTIVE: timeEvent('Prise d’effet de l’avenant'),
  TERMINATION_EFFECTIVE: timeEvent('Fin de la convention d’un commun accord'),
};

type Definitions = typeof EVENT_DEFINITIONS;
export type EventType = keyof Definitions;
export type TimeEventType = { [K in EventType]: Definitions[K]['time'] extends true ? K : never }[EventType];
export type PartyEventType = { [K in EventType]: Definitions[K]['party'] extends true ? K : never }[EventType];

export const EVENT_TYPES = Object.keys(EVENT_DEFINITIONS) as EventType[];
export const TIME_EVENT_TYPES: readonly TimeEventType[] = EVENT_TYPES.filter(
  (type): type is TimeEventType => EVENT_DEFINITIONS[type].time,
);
export const PARTY_EVENT_TYPES: readonly PartyEventType[] = EVENT_TYPES.filter(
  (type): type is PartyEventType => EVENT_DEFINITIONS[type].party,
);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_DEFINITIONS, value);
}

/** The definition of one event, seen through the common interface (its own schema type erased). */
export function eventDefinition(type: EventType): EventDefinition {
  return EVENT_DEFINITIONS[type] as unknown as EventDefinition;
}
