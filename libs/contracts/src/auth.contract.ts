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

/** The least length of a new password. */
export const PASSWORD_MIN_LENGTH = 12;

/**
 * The most common passwords of the public breach lists (and their French favourites) that are 12 characters
 * or longer: a new password is refused if it is one of them, whatever its case.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '111111111111', '000000000000',
  '123123123123', '121212121212', 'qwertyuiop12', 'qwertyuiop123', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qwerty123456',
  'azertyuiop12', 'azertyuiop123', 'azerty123456', 'a1z2e3r4t5y6', 'passwordpassword', 'password1234', 'password12345',
  'password123456', 'motdepasse12', 'motdepasse123', 'motdepasse1234', 'iloveyou1234', 'jetaime123456', 'soleil123456',
  'bonjour123456', 'administrator', 'administrateur', 'admin1234567', 'admin12345678', 'changeme1234', 'welcome12345',
  'letmein12345', 'trustno1trustno1', 'abcdefghijkl', 'abcdef123456', 'abc123abc123', 'aaaaaaaaaaaa', 'qwertyqwerty',
  'azertyazerty', 'football1234', 'baseball1234', 'superman1234', 'princess1234', 'sunshine1234', 'starwars1234',
  'dragon123456', 'monkey123456', 'master123456', 'p@ssw0rd1234', 'passw0rd1234', 'demo-secretaire', 'demo-password',
  'alacarte1234', 'alacarte2026', 'mairie123456', 'angers123456',
]);

/** A new password: at least 12 characters, not one of the most common ones. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(200)
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), { message: 'too_common' });

export const changePasswordCommand = request(
  'ChangePasswordCommand',
  z.object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema }),
  'The current password and the new one (at least 12 characters, not a common one).',
);
export type ChangePasswordCommand = z.infer<typeof changePasswordCommand>;

export const resetPasswordCommand = request(
  'ResetPasswordCommand',
  z.object({ newPassword: newPasswordSchema }),
  'The new password the admin gives the user (at least 12 characters, not a common one).',
);
export type ResetPasswordCommand = z.infer<typeof resetPasswordCommand>;

export const demoAccountsSchema = response(
  'DemoAccounts',
  z.array(z.object({ email: z.string(), password: z.string(), role: userRoleSchema, displayName: z.string() })),
  'The demo accounts and their generated passwords (demo mode only).',
);
export type DemoAccounts = z.infer<typeof demoAccountsSchema>;

/** An account, as the admin creates it (the cli; there is no HTTP route for it). */
export const createUserCommand = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: newPasswordSchema,
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
