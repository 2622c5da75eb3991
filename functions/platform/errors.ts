/**
 * Errors that know how they may be shown to a caller, in the manner of middy's `http-errors`:
 * each carries an HTTP status, a stable `code` and `expose`, which says whether its message may
 * reach the client. The one error mapper (`http/http-handler.ts`) asks `expose`; anything that is
 * not an ExposableError, or does not allow exposure, is answered with a generic 500. Modules define
 * their own subclasses and list them in their module definition (docs/adr/0031).
 */
export class ExposableError extends Error {
  override readonly name: string = 'ExposableError';
  /** May the message, code and details reach the client? @default statusCode < 500 */
  readonly expose: boolean;
  readonly details?: unknown;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options: {
      readonly details?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      readonly expose?: boolean;
    } = {},
  ) {
    super(message);
    if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
      throw new Error(`ExposableError: statusCode must be 400-599, got ${statusCode}`);
    }
    this.expose = options.expose ?? statusCode < 500;
    if (options.details !== undefined) this.details = options.details;
    if (options.headers !== undefined) this.headers = options.headers;
  }

  /** A client error (4xx): the caller must change the request. 5xx errors are ours, even exposed ones. */
  get isClientError(): boolean {
    return this.statusCode < 500;
  }
}

/** An error class a module registers (its constructor, for the registry and the API docs). */
export type ErrorClass = abstract new (...args: never[]) => ExposableError;

/** The body is not JSON. */
export class MalformedJson extends ExposableError {
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
export class ValidationFailed extends ExposableError {
  override readonly name = 'ValidationFailed';
  constructor(readonly issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The request is not valid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(400, 'VALIDATION_FAILED', `${summary}${more}`, { details: issues });
  }
}

/** A pagination cursor that is malformed or was issued to another tenant. */
export class InvalidCursor extends ExposableError {
  override readonly name = 'InvalidCursor';
  constructor() {
    super(400, 'INVALID_CURSOR', 'The cursor is not valid for this request');
  }
}

export class Unauthenticated extends ExposableError {
  override readonly name = 'Unauthenticated';
  constructor(message = 'A valid bearer token is required') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class Forbidden extends ExposableError {
  override readonly name = 'Forbidden';
  constructor(message = 'Your roles do not allow this request') {
    super(403, 'FORBIDDEN', message);
  }
}

export class PayloadTooLarge extends ExposableError {
  override readonly name = 'PayloadTooLarge';
  constructor(maxBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBytes} bytes`);
  }
}

/**
 * A dependency failed and nothing was kept: the client should retry after `retryAfterSeconds`.
 * Exposed although it is a 5xx, because the client can act on it; it is not a client error.
 */
export class TemporarilyUnavailable extends ExposableError {
  override readonly name = 'TemporarilyUnavailable';
  constructor(
    message = 'The service is temporarily unavailable; retry later',
    readonly retryAfterSeconds = 5,
  ) {
    super(503, 'TEMPORARILY_UNAVAILABLE', message, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      expose: true,
    });
  }
}

/** The `Idempotency-Key` was used before for a different request (path, query or body). */
export class IdempotencyKeyReused extends ExposableError {
  override readonly name = 'IdempotencyKeyReused';
  constructor() {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request; send a new key for a new request',
    );
  }
}

/** A request with this `Idempotency-Key` is still being processed; retry after `Retry-After`. */
export class IdempotencyInProgress extends ExposableError {
  override readonly name = 'IdempotencyInProgress';
  constructor(readonly retryAfterSeconds: number) {
    super(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress; retry later', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** Over a rate limit (docs/adr/0114): retry after `retryAfterSeconds`, when the bucket has a token again. */
export class RateLimited extends ExposableError {
  override readonly name = 'RateLimited';
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', `Too many requests; retry in ${retryAfterSeconds} s`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** The errors every route may answer with, registered by the platform as modules register theirs. */
export const PLATFORM_ERRORS: readonly ErrorClass[] = [
  IdempotencyKeyReused,
  IdempotencyInProgress,
  MalformedJson,
  ValidationFailed,
  InvalidCursor,
  Unauthenticated,
  Forbidden,
  PayloadTooLarge,
  RateLimited,
  TemporarilyUnavailable,
];
