import { z } from 'zod';
import { InvalidInput } from '#workflow';

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

/** Parses untrusted input or throws a 400 naming each field with a stable code. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new InvalidInput('Invalid input', {
    issues: result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(body)',
      code: issue.code === 'custom' ? issue.message : issue.code === 'invalid_type' && pathValue(input, issue.path) === undefined ? 'required' : issue.code,
    })),
  });
}

function pathValue(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}
