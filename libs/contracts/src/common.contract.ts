// The building blocks of the contracts: codes and numbers as the API spells them, a page, and the one error body.
import { z } from 'zod';
import { response } from './registry.js';

/** Units may be fractional (weighted acts), at most 4 decimals so that money stays exact. */
export const unitsSchema = z
  .number()
  .nonnegative()
  .max(1e9)
  .refine((n) => Math.abs(Math.round(n * 1e4) - n * 1e4) < 1e-6, { message: 'too_many_decimals' });

export const inseeSchema = z.string().regex(/^[0-9][0-9AB][0-9]{3}$/);
export const sirenSchema = z.string().regex(/^\d{9}$/);
export const serviceCodeSchema = z.string().min(1).max(40);
export const yearSchema = z.coerce.number().int().min(2000).max(2200);

/** An instant: ISO-8601, in UTC as the server writes it. */
export const instantSchema = z.iso.datetime({ offset: true });
/** A civil date (a day, not an instant): YYYY-MM-DD. */
export const civilDateSchema = z.iso.date();
/** Money is integer cents, never floats. */
export const centsSchema = z.number().int();

export const PARTIES = ['commune', 'epci'] as const;
export const partySchema = z.enum(PARTIES);
export type Party = z.infer<typeof partySchema>;

export const USER_ROLES = ['secretary', 'agent', 'dgs', 'admin'] as const;
export const userRoleSchema = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof userRoleSchema>;

/** One page of a list, counted over the whole filter. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    totalCapped: z
      .boolean()
      .optional()
      .describe('True when the count stopped at its cap (10,000 adhesions): `total` is the cap and more match. Absent or false: `total` is exact.'),
    page: z.number().int().positive(),
    pageSize: z.number().int().positive(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  /** The count stopped at its cap: there are more than `total`. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export const fieldIssueSchema = z.object({
  field: z.string().describe('The path of the field, dotted (`terms.unitCostCents`, `options.0`), or `(body)`.'),
  code: z.string().describe('A stable code: required, invalid_type, invalid_date, too_small, unknown_option…'),
  message: z.string().describe('The same, in French, to show beside the field.'),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/**
 * Every error answer: a stable English `code` for clients, a French `message` for people, the field issues
 * of a 400, and the details of the refusal (the allowed events of a 409, the current version of a stale write…).
 */
export const apiErrorSchema = response(
  'ApiError',
  z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(fieldIssueSchema).optional(),
      allowedEvents: z.array(z.string()).optional().describe('A refused event: what the caller may send now.'),
      currentVersion: z.number().int().optional().describe('A stale If-Match: the version stored now.'),
    })
    .catchall(z.unknown()),
  'An error: `code` is stable, `message` is French; a 400 lists its field issues.',
);
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
