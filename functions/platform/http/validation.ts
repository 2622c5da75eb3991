import { ValidationFailed, type ValidationIssue } from '../errors.js';
import type * as z from '../zod.js';

/** Zod issues as `{path, message}` with dotted paths (`readings.3.engineTemp`). */
export function toIssues(error: z.core.$ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Parses with the schema or throws ValidationFailed naming every offending path. */
export function parseOrThrow<T>(schema: z.ZodMiniType<T>, value: unknown, prefix?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(toIssues(result.error, prefix));
  return result.data;
}
