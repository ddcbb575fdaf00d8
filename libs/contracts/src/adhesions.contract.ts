// Adhesions: creating a draft, editing it, sending events, and what the server answers about them.
import { z } from 'zod';
import {
  centsSchema,
  civilDateSchema,
  inseeSchema,
  instantSchema,
  pageOf,
  partySchema,
  serviceCodeSchema,
  unitsSchema,
} from './common.contract.js';
import { COST_MODELS, KEY_BASES } from './catalogue.contract.js';
import { PAYMENT_PERIODICITIES } from './money.contract.js';
import { request, response } from './registry.js';
import { singleLineText } from './text.contract.js';
import { ADHESION_STATES, eventFieldSchema } from './workflow.contract.js';

export const ADHESION_SORTS = ['nextDeadline', '-nextDeadline', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt'] as const;
export type AdhesionSort = (typeof ADHESION_SORTS)[number];
/** A cursor is a few dozen characters; anything much longer is not one of ours. */
export const ADHESION_CURSOR_MAX_LENGTH = 400;

export const listAdhesionsQuery = z
  .object({
    state: z.enum(ADHESION_STATES).optional(),
    commune: inseeSchema.optional().describe('INSEE code of the commune.'),
    service: serviceCodeSchema.optional().describe('Code of the service.'),
    deadlineBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Only the adhesions whose next deadline falls before.'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(ADHESION_SORTS).default('nextDeadline'),
    after: z
      .string()
      .min(1)
      .max(ADHESION_CURSOR_MAX_LENGTH)
      .optional()
      .describe(
        'The `nextCursor` of the previous page, instead of `page`: the next page from where that one stopped, as fast at page 1,000 as at page 2. ' +
          'Send it with the same `sort` (and the same filters); a malformed cursor, or one of another sort, is a 400 `invalid_cursor`. ' +
          'The list is not counted again: the page’s `total` is the one counted when the walk began.',
      ),
  })
  .strict();
export type ListAdhesionsQuery = z.infer<typeof listAdhesionsQuery>;
/** The query a client sends (the server fills the defaults). */
export type ListAdhesionsParams = z.input<typeof listAdhesionsQuery>;

export const createAdhesionCommand = request(
  'CreateAdhesionCommand',
  z
    .object({
      communeInsee: inseeSchema,
      serviceCode: serviceCodeSchema,
      options: z.array(singleLineText({ max: 40 })).max(50).optional(),
      forecastUnits: unitsSchema.optional().describe('Forecast units per year (at most 4 decimals); required unless applying again.'),
      /** Applying again after a convention ended: its options and units pre-fill what is not given. */
      previousAdhesionId: z.string().uuid().optional().describe('Applying again after a convention ended: its options and units pre-fill what is not given.'),
    })
    .superRefine((v, ctx) => {
      if (v.forecastUnits === undefined && !v.previousAdhesionId) ctx.addIssue({ code: 'custom', path: ['forecastUnits'], message: 'required' });
    }),
);
export type CreateAdhesionCommand = z.infer<typeof createAdhesionCommand>;
export type CreateAdhesionBody = z.input<typeof createAdhesionCommand>;

export const updateDraftCommand = request(
  'UpdateDraftCommand',
  z
    .object({
      options: z.array(singleLineText({ max: 40 })).max(50).optional(),
      forecastUnits: unitsSchema.optional(),
    })
    .strict(),
);
export type UpdateDraftCommand = z.infer<typeof updateDraftCommand>;

/** « Renouveler la convention »: a successor adhesion pre-filled from the convention in its last year. */
export const renewConventionCommand = request(
  'RenewConventionCommand',
  z
    .object({
      study: z.boolean().optional().describe('The DGS asks for a study of the renewal (skipped by default); a secretary may not.'),
    })
    .strict(),
);
export type RenewConventionCommand = z.infer<typeof renewConventionCommand>;
export type RenewConventionBody = z.input<typeof renewConventionCommand>;
export type UpdateDraftBody = z.input<typeof updateDraftCommand>;

/**
 * One event: its `type` and its payload fields beside it. The payload of each type is libs/workflow's to
 * define (the OpenAPI document lists them as a oneOf); the server checks it, whoever sends it.
 */
export const sendEventBody = z.object({ type: z.string() }).catchall(z.unknown());
export type SendEventBody = z.infer<typeof sendEventBody>;

export const nextDeadlineSchema = z.object({
  kind: z.string().describe('The time event the deadline delivers.'),
  label: z.string(),
  at: instantSchema.describe('Midnight in Paris of its day.'),
  cycle: z.number().int(),
});
export type NextDeadline = z.infer<typeof nextDeadlineSchema>;

export const adhesionSummarySchema = response(
  'AdhesionSummary',
  z.object({
    id: z.string(),
    version: z.number().int().describe('Send it back as If-Match: a stale one is a 409.'),
    commune: z.object({ insee: z.string(), name: z.string() }),
    service: z.object({ code: z.string(), name: z.string() }),
    state: z.string().describe('The top state of the lifecycle.'),
    stateLabel: z.string(),
    startsLater: z.boolean().describe('Signed, its start date still to come (Europe/Paris): not active yet, labelled with its start date.'),
    final: z.boolean().describe('A final state: the adhesion never leaves it.'),
    nextDeadline: nextDeadlineSchema.nullable(),
    forecastUnits: z.number(),
    contractYear: z.number().int(),
    startDate: civilDateSchema.nullable(),
    updatedAt: instantSchema,
  }),
  'An adhesion as a list shows it.',
);
export type AdhesionSummary = z.infer<typeof adhesionSummarySchema>;
/**
 * One page of the adhesion list. `total` (with `totalCapped`) is counted by a page by number only; a page read
 * by cursor (`after`) answers with the total counted when the walk began, which its cursor carries, so that a
 * deep page never counts again (docs/PERFORMANCE.md, P4). The shape is the same either way.
 */
export const adhesionPageSchema = response(
  'AdhesionPage',
  pageOf(adhesionSummarySchema).extend({
    total: z
      .number()
      .int()
      .nonnegative()
      .describe(
        'The adhesions of the list, counted up to 10,000. A page by number counts them; a page read by cursor (`after`) is not counted again: ' +
          'its `total` and `totalCapped` are the ones counted when the walk began (the page by number the cursors started from), carried by the cursor. ' +
          'Rows added or removed since are not in it (those past the cursor still show in the pages).',
      ),
    nextCursor: z
      .string()
      .nullable()
      .describe(
        'Where the next page starts, with this page’s `total`: send it back as `?after=` (with the same sort and filters). Null on the last page.',
      ),
  }),
);
export type AdhesionPage = z.infer<typeof adhesionPageSchema>;

/** The payment terms of a proposal and of the terms in force; absent in those written before they existed (yearly, yearly). */
const paymentTermsFields = {
  periodicity: z.enum(PAYMENT_PERIODICITIES).optional().describe('How often the commune pays (absent: yearly).'),
  costRevision: z.enum(['yearly', 'fixed']).optional().describe('Which unit cost applies each year: the notified one (yearly, absent) or the convention’s for its term (fixed).'),
};
const termsSchema = z.object({ unitCostCents: centsSchema, forecastUnits: z.number(), description: z.string(), ...paymentTermsFields });
export type Terms = z.infer<typeof termsSchema>;
const deliberationSchema = z.object({ outcome: z.enum(['adopted', 'refused']), number: z.string(), date: civilDateSchema });
const signatureSchema = z.object({ signatoryName: z.string(), signatoryQuality: z.string(), date: civilDateSchema });

/** An avenant: proposed, accepted, deliberated, signed (each step optional: absent until it happens). */
const amendmentSchema = z.object({
  proposedBy: partySchema,
  terms: termsSchema,
  number: z.number().int().optional().describe('Avenant n° (1, 2, … per convention).'),
  effectiveDate: civilDateSchema.optional(),
  previousTerms: termsSchema.optional(),
  options: z.array(z.string()).optional().describe('The options after the avenant; absent: unchanged.'),
  reason: z.string().optional(),
  proposedOn: civilDateSchema.optional(),
  acceptedOn: civilDateSchema.optional(),
  deliberationsRequired: z.boolean().optional(),
  deliberations: z.object({ commune: deliberationSchema.optional(), epci: deliberationSchema.optional() }).optional(),
  signatures: z.object({ commune: signatureSchema.optional(), epci: signatureSchema.optional() }).optional(),
});

/** The machine's context: what the dossier says so far. */
export const adhesionDetailsSchema = z.object({
  noticePeriodMonths: z.number().int(),
  renewalWindowDays: z.number().int(),
  cstAlways: z.literal(true).optional().describe('The comité social territorial is consulted whatever the study says (a service commun or unifié).'),
  study: z.object({ forecastUnits: z.number(), staffImpact: z.boolean(), notes: z.string().optional() }).nullable(),
  openQuestion: z.string().nullable().describe('The question the study is waiting on.'),
  proposal: z.object({ unitCostCents: centsSchema, forecastUnits: z.number(), startDate: civilDateSchema, validUntil: civilDateSchema, ...paymentTermsFields }).nullable(),
  cstOpinion: z.object({ opinion: z.enum(['favourable', 'unfavourable']), date: civilDateSchema }).nullable(),
  deliberations: z.object({ commune: deliberationSchema.optional(), epci: deliberationSchema.optional() }),
  signatures: z.object({ commune: signatureSchema.optional(), epci: signatureSchema.optional() }),
  startDate: civilDateSchema.nullable(),
  year: z.number().int().describe('The contract year: 0 before the convention starts, then 1 to 3.'),
  terms: termsSchema.nullable(),
  forecastByYear: z.record(z.string(), z.number()).optional().describe('The forecast units of each contract year (1, 2, 3), as the convention and each renewal set them.'),
  renewal: z.object({ plannedUnits: z.number() }).nullable(),
  amendment: amendmentSchema.nullable().describe('The avenant in progress (the old proposals have only proposedBy and terms).'),
  amendments: z.array(amendmentSchema.extend({ number: z.number().int(), appliedOn: civilDateSchema })).optional().describe('The avenants applied, in order, each with the day its terms took effect.'),
  notice: z.object({ party: partySchema, reason: z.string(), givenOn: civilDateSchema, effectiveDate: civilDateSchema }).nullable(),
  closingReason: z.string().nullable(),
  submittedOn: civilDateSchema.optional().describe('The day the request was submitted (absent in the files older than this field).'),
  acknowledgedOn: civilDateSchema.optional().describe('The day the EPCI acknowledged the request.'),
  studySubmittedOn: civilDateSchema.optional().describe('The day the (last) study was transmitted.'),
  studyApprovedOn: civilDateSchema.optional().describe('The day the DGS approved the study.'),
  proposalAcceptedOn: civilDateSchema.optional().describe('The day the commune accepted the proposal.'),
  renewalOf: z
    .object({
      startDate: civilDateSchema,
      study: z.literal(true).optional(),
      draft: z.object({ unitCostCents: centsSchema, forecastUnits: z.number(), ...paymentTermsFields }).optional(),
    })
    .optional()
    .describe('This adhesion renews a convention at its term: its convention starts on `startDate`, the old one’s term end; the study is skipped unless the DGS asked for one.'),
  termination: z
    .object({ proposedBy: partySchema, reason: z.string(), effectiveDate: civilDateSchema, proposedOn: civilDateSchema, agreedOn: civilDateSchema.optional() })
    .nullable()
    .optional()
    .describe('A termination by mutual agreement: proposed by one party, agreed (agreedOn) by the other.'),
});
export type AdhesionDetails = z.infer<typeof adhesionDetailsSchema>;

const dateBoundSchema = z.object({
  min: civilDateSchema.optional().describe('The earliest date the rules accept.'),
  max: civilDateSchema.optional().describe('The latest date the rules accept.'),
});
export const allowedActionSchema = z.object({
  type: z.string(),
  label: z.string(),
  fields: z.array(eventFieldSchema).readonly(),
  dateBounds: z
    .record(z.string(), dateBoundSchema)
    .describe('The min and max of its date fields today, by field name, from the rules of the legal chain (a date out of them is a 422).'),
});
export type AllowedAction = z.infer<typeof allowedActionSchema>;

export const DOCUMENT_KINDS = ['convention', 'proposal', 'annual-statement', 'unit-cost-letter', 'notice-letter', 'commune-deliberation', 'epci-deliberation', 'amendment'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const availableDocumentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  label: z.string().describe('Its French name: a convention before both signatures is a draft (projet de convention).'),
  url: z.string().describe('Where to download the file: a PDF (the unit-cost letter with its `?year=`, an avenant with its `?number=`), or a Word .docx for a model deliberation.'),
});
export type AvailableDocument = z.infer<typeof availableDocumentSchema>;

export const adhesionSchema = response(
  'Adhesion',
  adhesionSummarySchema.extend({
    service: z.object({ code: z.string(), name: z.string(), unitLabel: z.string(), unitLabelPlural: z.string(), pole: z.string() }),
    options: z.array(z.string()),
    stateDetail: z.array(z.object({ id: z.string(), label: z.string() })).describe('The current leaves of the statechart.'),
    details: adhesionDetailsSchema,
    allowedActions: z.array(allowedActionSchema).describe('What the caller may send now, with the fields each asks for.'),
    primaryAction: z
      .string()
      .nullable()
      .describe('The one of allowedActions that moves the lifecycle forward (never a withdrawal, a refusal or a question); null when none does.'),
    waitingFor: z.array(partySchema).describe('The parties whose move the adhesion waits for (none once final, or when only optional moves remain).'),
    availableDocuments: z.array(availableDocumentSchema).describe('The documents that exist at this step.'),
    proposalAmountCents: centsSchema.nullable().describe('The proposal’s yearly amount: its unit cost × its forecast units, rounded once to the cent.'),
    renews: z.string().nullable().optional().describe('The adhesion whose convention this one renews at its term.'),
    renewedBy: z.string().nullable().optional().describe('The adhesion that renews this convention at its term (the latest one).'),
    canRenew: z.boolean().optional().describe('The caller may « renouveler la convention » now (POST /api/adhesions/:id/renewal): its last year, in force, not yet renewed.'),
    createdAt: instantSchema,
  }),
  'One adhesion, with what the caller may do now.',
);
export type Adhesion = z.infer<typeof adhesionSchema>;

export const historyEntrySchema = z.object({
  sequence: z.number().int().nullable().describe('The version the event produced; null for a generated document or an attached file.'),
  event: z.string().describe('The event, CREATED, DRAFT_UPDATED, DOCUMENT_GENERATED or ATTACHMENT_ADDED.'),
  label: z.string(),
  payload: z.record(z.string(), z.unknown()),
  actorId: z.string().nullable(),
  role: z.string(),
  fromState: z.string().nullable(),
  fromStateLabel: z.string().nullable(),
  toState: z.string().nullable(),
  toStateLabel: z.string().nullable(),
  at: instantSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export const historySchema = response('History', z.array(historyEntrySchema), 'The audit trail of an adhesion, with the documents generated and the files attached.');

const estimateBase = {
  year: z.number().int(),
  serviceCode: z.string(),
  costModel: z.enum(COST_MODELS),
  unitLabelPlural: z.string(),
  /** Where the unit cost comes from: the year's notified cost, the convention's, the proposal's, or the catalogue's. */
  unitCostSource: z.enum(['notified', 'convention', 'convention_provisional', 'keys', 'proposal', 'catalogue']).optional(),
  /** The days of the year the convention is in force, when it does not cover the whole year (pro rata). */
  days: z.number().int().optional(),
  daysInYear: z.number().int().optional(),
};
export const estimateSchema = response(
  'Estimate',
  z.union([
    z.object({ ...estimateBase, available: z.literal(false), reason: z.string().describe('unit_cost_missing: the year’s cost is not notified yet.') }),
    z.object({
      ...estimateBase,
      available: z.literal(true),
      unitCostCents: centsSchema.nullable(),
      forecastUnits: z.number(),
      annualAmountCents: centsSchema,
    }),
    z.object({
      ...estimateBase,
      available: z.literal(true),
      keyBasis: z.enum(KEY_BASES).nullable(),
      totalCostCents: centsSchema.nullable(),
      shares: z
        .array(z.object({ communeInsee: z.string(), communeName: z.string(), key: z.string().nullable(), amountCents: centsSchema, self: z.boolean() }))
        .describe('All the EPCI’s members for its people; a commune sees its own share only.'),
      annualAmountCents: centsSchema,
    }),
  ]),
  'This year’s cost of an adhesion: unit cost × forecast units, or its share of a total split by keys.',
);
export type Estimate = z.infer<typeof estimateSchema>;
