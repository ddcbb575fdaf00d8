import { type z } from 'zod';
import { InvalidInput } from '#workflow';

// The shapes of codes and numbers are the contract's (libs/contracts); parsing untrusted input is ours.
export { inseeSchema, serviceCodeSchema, sirenSchema, unitsSchema, yearSchema } from '#contracts';

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
