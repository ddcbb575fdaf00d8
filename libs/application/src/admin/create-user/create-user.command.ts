import { z } from 'zod';
import { inseeSchema, sirenSchema } from '../../common/validation.js';

export const USER_ROLES = ['secretary', 'agent', 'dgs', 'admin'] as const;

export const createUserCommand = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(8).max(200),
    role: z.enum(USER_ROLES),
    displayName: z.string().trim().min(1).max(200).optional(),
    commune: inseeSchema.optional(),
    epci: sirenSchema.optional(),
    pole: z.string().min(1).max(60).optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'secretary' && !u.commune) ctx.addIssue({ code: 'custom', path: ['commune'], message: 'required' });
    if ((u.role === 'dgs' || u.role === 'agent') && !u.epci) ctx.addIssue({ code: 'custom', path: ['epci'], message: 'required' });
    if (u.role === 'agent' && !u.pole) ctx.addIssue({ code: 'custom', path: ['pole'], message: 'required' });
  });
export type CreateUserCommand = z.infer<typeof createUserCommand>;
