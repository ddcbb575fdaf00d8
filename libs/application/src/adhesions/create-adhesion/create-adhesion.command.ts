import { z } from 'zod';
import { inseeSchema, serviceCodeSchema, unitsSchema } from '../../common/validation.js';

export const createAdhesionCommand = z
  .object({
    communeInsee: inseeSchema,
    serviceCode: serviceCodeSchema,
    options: z.array(z.string().min(1).max(40)).max(50).optional(),
    forecastUnits: unitsSchema.optional(),
    /** Applying again after a convention ended: its options and units pre-fill what is not given. */
    previousAdhesionId: z.string().uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.forecastUnits === undefined && !v.previousAdhesionId) ctx.addIssue({ code: 'custom', path: ['forecastUnits'], message: 'required' });
  });
export type CreateAdhesionCommand = z.infer<typeof createAdhesionCommand>;
