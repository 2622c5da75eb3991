import { ApiError } from '../../api/http.js';

/** What a failed submit shows: a message per field, and what belongs to no field. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly form?: string;
}

/** No errors. */
export const NO_ERRORS: FormErrors = { fields: {} };

/**
 * Maps a 400's `details` (`{path, message}`, e.g. `body.condition.geofence.circle.radiusM`) to the
 * form's fields: `fieldOf` names the field a path belongs to (or undefined). Anything else, and
 * any other failure, is the form's message.
 */
export function formErrorsOf(error: unknown, fieldOf: (path: string) => string | undefined): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const detail of error.details) {
    const field = fieldOf(detail.path.replace(/^body\./, ''));
    if (field && !fields[field]) fields[field] = detail.message;
    else if (!field) rest.push(detail.message);
  }
  if (rest.length > 0 || Object.keys(fields).length === 0) {
    return { fields, form: rest.length > 0 ? rest.join('; ') : error.message };
  }
  return { fields };
}
