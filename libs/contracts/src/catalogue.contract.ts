// The catalogue of an EPCI (its services, their settings and yearly costs), the communes and the EPCIs.
import { z } from 'zod';
import { multiLineText, singleLineText } from './text.contract.js';
import { centsSchema, inseeSchema, instantSchema, pageOf, sirenSchema } from './common.contract.js';
import { request, response } from './registry.js';

/** The legal basis an EPCI chose for a service: it decides the CST rule, the money rule and the convention's clauses. */
export const LEGAL_BASES = ['mise_a_disposition', 'service_commun', 'service_unifie'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const KEY_BASES = ['population', 'forecastUnits', 'fixed', 'mixed'] as const;
export type KeyBasis = (typeof KEY_BASES)[number];
export const COST_MODELS = ['unit', 'keys'] as const;
export type CostModel = (typeof COST_MODELS)[number];
/**
 * How a commune settles what it owes for a service: a title of revenue issued by the EPCI, or a charge against
 * its attribution de compensation (a service commun only, CGCT L5211-4-2).
 */
export const SETTLEMENTS = ['revenue_title', 'compensation'] as const;
export type Settlement = (typeof SETTLEMENTS)[number];

const decimal = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/);

/** Whose catalogue: the caller's own EPCI; the admin names one. */
export const epciQuery = z.object({ epci: sirenSchema.optional().describe('The EPCI (admin only; the others get their own).') });

/** What an EPCI's DGS may change in its own catalogue. Settings apply to adhesions created from now on. */
export const updateServiceCommand = request(
  'UpdateServiceCommand',
  z
    .object({
      name: singleLineText({ max: 200 }).optional(),
      description: multiLineText({ min: 0, max: 2000 }).optional(),
      legalBasis: z.enum(LEGAL_BASES).optional(),
      noticePeriodMonths: z.number().int().min(1).max(36).optional(),
      renewalWindowDays: z.number().int().min(1).max(365).optional(),
      reminderOffsets: z
        .array(z.number().int().min(1).max(365))
        .min(1)
        .max(20)
        .refine((list) => new Set(list).size === list.length, { message: 'duplicate_offsets' })
        .optional(),
      actWeights: z.record(z.string().min(1).max(40), decimal).optional(),
      keyBasis: z.enum(KEY_BASES).optional(),
      keyParameters: z.record(z.string().min(1).max(40), decimal).nullable().optional(),
      settlement: z.enum(SETTLEMENTS).optional().describe('`compensation` only for a service commun (CGCT L5211-4-2).'),
      processesPersonalData: z.boolean().optional().describe('The service processes personal data on the commune’s behalf (RGPD art. 28 clause).'),
    })
    .strict(),
);
export type UpdateServiceCommand = z.infer<typeof updateServiceCommand>;
/** The body a client sends. */
export type UpdateServiceBody = z.input<typeof updateServiceCommand>;

/** The yearly unit cost (CGCT D5211-16), or the yearly total of a service shared by keys. Integer cents. */
export const setUnitCostCommand = request(
  'SetUnitCostCommand',
  z
    .object({
      unitCostCents: z.number().int().min(0).max(1e11).optional(),
      totalCostCents: z.number().int().min(0).max(1e13).optional(),
    })
    .strict()
    .refine((v) => v.unitCostCents !== undefined || v.totalCostCents !== undefined, { message: 'unit_or_total_required' }),
);
export type SetUnitCostCommand = z.infer<typeof setUnitCostCommand>;
export type SetUnitCostBody = z.input<typeof setUnitCostCommand>;

export const listCommunesQuery = z
  .object({
    q: singleLineText({ min: 0, max: 100 }).optional().describe('Part of the name or the INSEE code.'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListCommunesQuery = z.infer<typeof listCommunesQuery>;
export type ListCommunesParams = z.input<typeof listCommunesQuery>;

export const serviceOptionSchema = z.object({ code: z.string(), label: z.string() });
export type ServiceOption = z.infer<typeof serviceOptionSchema>;

export const serviceSettingsSchema = response(
  'ServiceSettings',
  z.object({
    epciSiren: z.string(),
    code: z.string(),
    name: z.string(),
    pole: z.string(),
    description: z.string(),
    legalBasis: z.enum(LEGAL_BASES),
    unitCode: z.string(),
    unitLabel: z.string(),
    unitLabelPlural: z.string(),
    options: z.array(serviceOptionSchema),
    actWeights: z.record(z.string(), z.string()).nullable().describe('ADS act weights in équivalent permis de construire (decimal strings), by act type.'),
    noticePeriodMonths: z.number().int(),
    renewalWindowDays: z.number().int(),
    reminderOffsets: z.array(z.number().int()),
    costModel: z.enum(COST_MODELS).describe('`unit`: unit cost × units; `keys`: a yearly total split between the EPCI’s members by a key.'),
    keyBasis: z.enum(KEY_BASES).nullable(),
    keyParameters: z
      .record(z.string(), z.string())
      .nullable()
      .describe('`fixed`: each member’s percentage by INSEE code; `mixed`: the weight of each basis.'),
    settlement: z
      .enum(SETTLEMENTS)
      .describe('How a commune settles what it owes: a title of revenue, or a charge against its attribution de compensation (service commun, L5211-4-2).'),
    processesPersonalData: z
      .boolean()
      .describe('The service processes personal data on the commune’s behalf: its convention carries the processor clause of RGPD art. 28.'),
  }),
  'A service of an EPCI’s catalogue with the settings its conventions use.',
);
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export const serviceSchema = response(
  'Service',
  serviceSettingsSchema.extend({
    year: z.number().int().describe('The year of the costs: this year on the server’s clock.'),
    unitCostCents: centsSchema.nullable(),
    totalCostCents: centsSchema.nullable(),
    notifiedAt: instantSchema.nullable(),
  }),
  'A service of the catalogue, with this year’s costs.',
);
export type Service = z.infer<typeof serviceSchema>;
export const serviceListSchema = response('ServiceList', z.array(serviceSchema));

export const unitCostSchema = response(
  'UnitCost',
  z.object({
    epciSiren: z.string(),
    serviceCode: z.string(),
    year: z.number().int(),
    unitCostCents: centsSchema.nullable(),
    totalCostCents: centsSchema.nullable(),
    notifiedAt: instantSchema.nullable(),
  }),
  'The costs of a service for one year, as notified.',
);
export type UnitCost = z.infer<typeof unitCostSchema>;

export const epciSchema = response(
  'Epci',
  z.object({ siren: z.string(), name: z.string(), nature: z.string().describe('CA, CU, CC, METRO… as published by the INSEE.') }),
);
export type Epci = z.infer<typeof epciSchema>;

export const communeSchema = response(
  'Commune',
  z.object({
    insee: inseeSchema,
    siren: z.string().nullable(),
    name: z.string(),
    population: z.number().int().nullable(),
    epciSiren: z.string().nullable(),
  }),
);
export type Commune = z.infer<typeof communeSchema>;
export const communeWithEpciSchema = response('CommuneWithEpci', communeSchema.extend({ epci: epciSchema.nullable() }));
export type CommuneWithEpci = z.infer<typeof communeWithEpciSchema>;
export const communePageSchema = response('CommunePage', pageOf(communeSchema));
