/**
 * Errors a client may see. Each carries a stable `code` and the HTTP status it maps to; the one
 * error mapper (`http.ts`) turns them into `{code, message, details?}`. Anything that is not a
 * ClientError is a bug or an outage and is answered with a generic 500.
 */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** The body is not JSON. */
export class MalformedJson extends ClientError {
  override readonly name = 'MalformedJson';
  constructor(message = 'The request body is not valid JSON') {
    super(400, 'MALFORMED_JSON', message);
  }
}

/** One problem found by validation, with the path of the offending value. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The body, query or path parameters do not match the route's schema. */
export class ValidationFailed extends ClientError {
  override readonly name = 'ValidationFailed';
  constructor(readonly issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The request is not valid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(400, 'VALIDATION_FAILED', `${summary}${more}`, issues);
  }
}

/** The pagination cursor is garbage or belongs to another tenant. */
export class InvalidCursorError extends ClientError {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super(400, 'INVALID_CURSOR', 'The cursor is not valid for this request');
  }
}

export class Unauthenticated extends ClientError {
  override readonly name = 'Unauthenticated';
  constructor(message = 'A valid bearer token is required') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class Forbidden extends ClientError {
  override readonly name = 'Forbidden';
  constructor(message = 'Your roles do not allow this request') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFound extends ClientError {
  override readonly name = 'NotFound';
  constructor(message = 'Not found') {
    super(404, 'NOT_FOUND', message);
  }
}

export class Conflict extends ClientError {
  override readonly name = 'Conflict';
  constructor(message = 'The request conflicts with the current state') {
    super(409, 'CONFLICT', message);
  }
}

export class PayloadTooLarge extends ClientError {
  override readonly name = 'PayloadTooLarge';
  constructor(maxBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBytes} bytes`);
  }
}

export class TooManyReadings extends ClientError {
  override readonly name = 'TooManyReadings';
  constructor(count: number, max: number) {
    super(413, 'TOO_MANY_READINGS', `A batch may hold at most ${max} readings; this one has ${count}`);
  }
}

/**
 * A dependency failed and nothing was kept: the client should retry after `retryAfterSeconds`.
 * Exposed (unlike other 5xx) because the client can act on it.
 */
export class TemporarilyUnavailable extends ClientError {
  override readonly name = 'TemporarilyUnavailable';
  constructor(
    message = 'The service is temporarily unavailable; retry later',
    readonly retryAfterSeconds = 5,
  ) {
    super(503, 'TEMPORARILY_UNAVAILABLE', message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}
