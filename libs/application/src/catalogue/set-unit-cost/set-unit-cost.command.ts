import { z } from 'zod';

/** The yearly unit cost (CGCT D5211-16), or the yearly total of a service shared by keys. Integer cents. */
export const setUnitCostCommand = z
  .object({
    unitCostCents: z.number().int().min(0).max(1e11).optional(),
    totalCostCents: z.number().int().min(0).max(1e13).optional(),
  })
  .strict()
  .refine((v) => v.unitCostCents !== undefined || v.totalCostCents !== undefined, { message: 'unit_or_total_required' });
