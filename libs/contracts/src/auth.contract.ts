// Logging in and the current user.
import { z } from 'zod';
import { inseeSchema, sirenSchema, userRoleSchema, USER_ROLES } from './common.contract.js';
import { request, response } from './registry.js';

export const authenticateCommand = request(
  'LoginCommand',
  z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) }),
);
export type AuthenticateCommand = z.infer<typeof authenticateCommand>;
export type LoginBody = z.input<typeof authenticateCommand>;

/** An account, as the admin creates it (the cli; there is no HTTP route for it). */
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

export const userSchema = response(
  'User',
  z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: userRoleSchema,
    communeInsee: z.string().nullable(),
    epciSiren: z.string().nullable(),
    pole: z.string().nullable(),
    epci: z
      .object({
        siren: z.string(),
        name: z.string(),
        nature: z.string(),
        natureLabel: z.string(),
        councilLabel: z.string(),
      })
      .nullable()
      .describe('The user’s EPCI: its real name, its nature, and what its council is called.'),
  }),
  'The logged-in user.',
);
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = response(
  'Login',
  z.object({ accessToken: z.string().describe('A bearer token (12 h); the browser gets the same as an httpOnly cookie.'), user: userSchema }),
);
export type LoginResponse = z.infer<typeof loginResponseSchema>;
