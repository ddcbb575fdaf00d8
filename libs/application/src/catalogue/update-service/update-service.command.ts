import { z } from 'zod';
import { KEY_BASES, LEGAL_BASES } from '../../ports/records.js';

const decimal = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/);

/** What an EPCI's DGS may change in its own catalogue. Settings apply to adhesions created from now on. */
export const updateServiceCommand = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
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
  })
  .strict();
export type UpdateServiceCommand = z.infer<typeof updateServiceCommand>;
