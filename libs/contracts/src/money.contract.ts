// The money of each year (CGCT D5211-16): the units used per period, their contest, the money of a convention's
// year (forecast, pro rata, instalments, actual, balance), the notification of a year's unit costs, and the
// statements of an EPCI's year that the reports and the exports read.
import { z } from 'zod';
import { multiLineText } from './text.contract.js';
import { civilDateSchema, inseeSchema, instantSchema, sirenSchema } from './common.contract.js';

const uuidSchema = z.string();
import { request, response } from './registry.js';
import { SETTLEMENTS } from './catalogue.contract.js';

export const PAYMENT_PERIODICITIES = ['yearly', 'half_yearly', 'quarterly'] as const;
export const UNIT_COST_SOURCES = ['notified', 'convention', 'convention_provisional', 'keys'] as const;

const unitsText = z.string().regex(/^\d+(\.\d+)?$/);

/** The units of one period: the count of each act type (ADS, weighted by the EPCI's weights), or the units. */
export const recordUnitsCommand = request(
  'RecordUnitsCommand',
  z
    .object({
      actCounts: z.record(z.string().min(1).max(40), z.unknown()).optional(),
      units: z.unknown().optional(),
      /** The version read, to correct a record without losing someone else's correction (409 if it changed). */
      expectedVersion: z.number().int().min(1).optional(),
    })
    .strict(),
);
export type RecordUnitsBody = z.input<typeof recordUnitsCommand>;

export const contestUnitsCommand = request('ContestUnitsCommand', z.object({ comment: multiLineText({ min: 3, max: 2000 }) }).strict());
export type ContestUnitsBody = z.input<typeof contestUnitsCommand>;

export const usageRecordResponse = response(
  'UsageRecord',
  z.object({
    id: uuidSchema,
    year: z.number().int(),
    period: z.number().int(),
    actCounts: z.record(z.string(), z.number().int()).nullable(),
    units: unitsText,
    recordedBy: z.string(),
    recordedAt: instantSchema,
    version: z.number().int(),
    /** The last day the commune may contest them. */
    contestUntil: civilDateSchema,
    contest: z.object({ comment: z.string(), by: z.string(), at: instantSchema }).nullable(),
  }),
);
export type UsageRecordResponse = z.infer<typeof usageRecordResponse>;

export const usageAuditResponse = response(
  'UsageAuditRow',
  z.object({
    action: z.enum(['recorded', 'corrected', 'contested']),
    year: z.number().int(),
    period: z.number().int(),
    units: unitsText,
    actCounts: z.record(z.string(), z.number().int()).nullable(),
    comment: z.string().nullable(),
    actorId: z.string(),
    role: z.string(),
    at: instantSchema,
  }),
);

const periodMoney = z.object({
  period: z.number().int(),
  /** First and last day in force in the period. */
  from: civilDateSchema,
  to: civilDateSchema,
  days: z.number().int(),
  instalmentCents: z.number().int(),
  closed: z.boolean(),
  actualUnits: unitsText.nullable(),
  usage: usageRecordResponse.nullable(),
});

/** The money of one convention in one calendar year, computed by the one money model (libs/domain/year-money). */
export const adhesionYearMoneyResponse = response(
  'AdhesionYearMoney',
  z.object({
    adhesionId: uuidSchema,
    year: z.number().int(),
    /** The calendar years the convention touches (to today), for the statements. */
    years: z.array(z.number().int()),
    costModel: z.enum(['unit', 'keys']),
    periodicity: z.enum(PAYMENT_PERIODICITIES),
    settlement: z.enum(SETTLEMENTS),
    coverage: z.object({ from: civilDateSchema, until: civilDateSchema.nullable() }).nullable(),
    unitCostCents: z.number().int().nullable(),
    unitCostSource: z.enum(UNIT_COST_SOURCES),
    /** When the EPCI notified the year's cost, if it did. */
    unitCostNotifiedAt: instantSchema.nullable(),
    forecastUnits: unitsText,
    /** The unit costs in force over the year's days in force (several when an avenant changed it); keys: none. */
    unitCosts: z.array(z.object({ from: civilDateSchema, to: civilDateSchema, unitCostCents: z.number().int() })),
    actWeights: z.record(z.string(), z.string()).nullable(),
    days: z.number().int(),
    daysInYear: z.number().int(),
    fullYearForecastCents: z.number().int(),
    forecastCents: z.number().int(),
    periods: z.array(periodMoney),
    actualUnits: unitsText.nullable(),
    actualCents: z.number().int().nullable(),
    invoicedCents: z.number().int(),
    balanceCents: z.number().int().nullable(),
    /** Every period in force has ended and has its units: the statement is final. */
    final: z.boolean(),
  }),
);
export type AdhesionYearMoney = z.infer<typeof adhesionYearMoneyResponse>;

export const adhesionUsageResponse = response(
  'AdhesionUsage',
  z.object({ records: z.array(usageRecordResponse), audit: z.array(usageAuditResponse) }),
);
export type AdhesionUsage = z.infer<typeof adhesionUsageResponse>;

export const moneyYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
/** A document's query: the calendar year of a statement or a letter, the number of an avenant. */
export const documentQuery = moneyYearQuery.extend({ number: z.coerce.number().int().min(1).max(999).optional() });

/** The statements of an EPCI's year, per adhesion: what the report, the members view and the exports read. */
export const statementsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  epci: sirenSchema.optional(),
  service: z.string().min(1).max(40).optional(),
  commune: inseeSchema.optional(),
});

export const statementRow = z.object({
  adhesionId: uuidSchema,
  communeInsee: inseeSchema,
  communeName: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  state: z.string(),
  /** The state in French on the day read: « Signée — en vigueur à compter du … » before the start, never « Convention active ». */
  stateLabel: z.string(),
  periodicity: z.enum(PAYMENT_PERIODICITIES),
  settlement: z.enum(SETTLEMENTS),
  key: z.string().nullable(),
  unitCostCents: z.number().int().nullable(),
  unitCostSource: z.enum(UNIT_COST_SOURCES),
  forecastUnits: unitsText,
  days: z.number().int(),
  daysInYear: z.number().int(),
  forecastCents: z.number().int(),
  actualUnits: unitsText.nullable(),
  actualCents: z.number().int().nullable(),
  invoicedCents: z.number().int(),
  balanceCents: z.number().int().nullable(),
  instalments: z.array(z.object({ period: z.number().int(), from: civilDateSchema, to: civilDateSchema, instalmentCents: z.number().int(), actualUnits: unitsText.nullable() })),
});
export type StatementRow = z.infer<typeof statementRow>;

export const yearStatementsResponse = response(
  'YearStatements',
  z.object({
    epciSiren: sirenSchema,
    year: z.number().int(),
    rows: z.array(statementRow),
    totals: z.object({ forecastCents: z.number().int(), actualCents: z.number().int(), invoicedCents: z.number().int(), balanceCents: z.number().int() }),
  }),
);
export type YearStatements = z.infer<typeof yearStatementsResponse>;

export const unitCostNotificationResponse = response(
  'UnitCostNotification',
  z.object({
    serviceCode: z.string(),
    year: z.number().int(),
    notifiedAt: instantSchema,
    /** The communes told, one ledger row each. */
    communes: z.array(z.object({ adhesionId: uuidSchema, communeInsee: inseeSchema, communeName: z.string() })),
  }),
);
export type UnitCostNotification = z.infer<typeof unitCostNotificationResponse>;
