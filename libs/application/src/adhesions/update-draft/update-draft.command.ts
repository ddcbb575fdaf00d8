import { z } from 'zod';
import { unitsSchema } from '../../common/validation.js';

export const updateDraftCommand = z
  .object({
    options: z.array(z.string().min(1).max(40)).max(50).optional(),
    forecastUnits: unitsSchema.optional(),
  })
  .strict();
export type UpdateDraftCommand = z.infer<typeof updateDraftCommand>;
