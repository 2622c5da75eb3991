import type { HttpMethod } from '../../../platform/wiring/declaration.js';
import type * as z from '../../../platform/zod.js';

/** How a route authenticates its caller. */
export type ApiSecurity = 'bearer' | 'webhookSignature' | 'none';

/** One documented response of an operation. */
export interface ApiResponse {
  readonly description: string;
  /** A zod schema of the body, where the handler has one; else the description says it. */
  readonly schema?: z.ZodMiniType;
}

/**
 * One HTTP route as the OpenAPI document describes it, built from the very zod schemas its
 * handler validates with (docs/adr/0107). `example` (a function of now: instants must be fresh)
 * is checked against both the zod schema and the generated JSON Schema by tests/functions/openapi.
 */
export interface ApiOperation {
  readonly method: HttpMethod;
  /** API Gateway path syntax, exactly as the trigger declares it: `/v1/alerts/{alertId}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly security: ApiSecurity;
  readonly pathParams?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  /** Whether a body must be sent. @default true when `body` is set */
  readonly bodyRequired?: boolean;
  readonly example?: (now: Date) => unknown;
  /** Success responses by status; error responses are added from `errors`. */
  readonly responses: Readonly<Record<number, ApiResponse>>;
  /** The 4xx/5xx statuses the route may answer, each with the `{code, message, details?}` body. */
  readonly errors: readonly number[];
  /** Streaming response (server-sent events). */
  readonly eventStream?: boolean;
}
