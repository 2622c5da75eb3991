import { cleanupMiddlewares } from '@aws-lambda-powertools/commons';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Identity } from '../auth/identity.js';
import { IdempotencyInProgress, IdempotencyKeyReused, ValidationFailed } from '../errors.js';
import { count } from '../observability/observability.js';

import {
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyStore,
  type IdempotentRequest,
  type StoredResponse,
} from './idempotency-store.js';
import { payloadHash } from './payload-hash.js';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/** The response header that marks an answer replayed from an idempotency record. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export interface HttpIdempotencyOptions {
  readonly store: IdempotencyStore;
  /** Route keys (`POST /v1/alerts/{alertId}/acknowledge`) whose declaration opts in. */
  readonly routes: ReadonlySet<string>;
  /** The verified caller and the parsed body of a request, as the earlier middlewares left them. */
  readonly requestOf: (event: Event) => { readonly identity?: Identity; readonly body?: unknown };
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Called on a replayed answer before it is returned: middy skips every `after` of an early
   * answer, so what an outer middleware adds to each response (the rate-limit fields, ADR 0114)
   * is added here.
   */
  readonly decorateReplay?: (event: Event, response: Result) => Result;
}

/** The two halves of the idempotency middleware, to be placed apart in the chain. */
export interface HttpIdempotencyMiddlewares {
  /**
   * Outermost (registered before the error mapper): its `after` and `onError` run last, so they see
   * the final response, error responses included, and store it or release the key.
   */
  readonly settle: MiddlewareObj<Event, Result>;
  /** Innermost (registered after authentication and body parsing): claims the key or answers early. */
  readonly claim: MiddlewareObj<Event, Result>;
  /**
   * The key this request claimed, for the route's logic: a claim covers a crash only until its
   * in-progress time runs out, so a use case whose effect must not repeat after that (a create
   * with a fresh id) records the key with its effect, atomically.
   */
  claimedKey(event: Event): string | undefined;
}

const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The `Idempotency-Key` of a request, undefined when absent; 400 when it is malformed. */
function keyOf(event: Event): string | undefined {
  const raw = event.headers?.[IDEMPOTENCY_DEFAULTS.header];
  if (raw === undefined) return undefined;
  const key = raw.trim();
  if (key.length === 0 || key.length > IDEMPOTENCY_DEFAULTS.maxKeyLength || !KEY_PATTERN.test(key)) {
    throw new ValidationFailed([
      {
        path: `headers.${IDEMPOTENCY_DEFAULTS.header}`,
        message: `must be 1 to ${IDEMPOTENCY_DEFAULTS.maxKeyLength} visible ASCII characters`,
      },
    ]);
  }
  return key;
}

/**
 * `Idempotency-Key` for HTTP routes (docs/adr/0062), after Powertools' `makeHandlerIdempotent`:
 * 1. `claim` (after authentication and JSON parsing) hashes what the request asks for (path
 *    parameters, query, body) and claims the key for the caller's tenant, user and route, with an
 *    in-progress time of the Lambda's remaining time;
 * 2. a key completed with the same payload answers the stored status, headers and body at once,
 *    with `Idempotent-Replayed: true` (the use case does not run again); a different payload is
 *    422 IDEMPOTENCY_KEY_REUSED; one still in progress is 409 IDEMPOTENCY_IN_PROGRESS + Retry-After;
 * 3. `settle` stores a response below 500 (a 4xx is an answer, repeated as such) and releases the
 *    key after a 5xx or an unmapped error, so the client's retry runs the request again.
 * A request without the header is served as before.
 */
export function httpIdempotency(options: HttpIdempotencyOptions): HttpIdempotencyMiddlewares {
  const { store, routes, logger, metrics } = options;
  const claimed = new WeakMap<object, IdempotentRequest>();

  const settleWith = async (event: Event, response: Result | undefined) => {
    const request = claimed.get(event);
    if (!request) return;
    claimed.delete(event);
    const statusCode = response?.statusCode ?? 500;
    try {
      if (response && statusCode < 500) await store.complete(request, storedResponse(response));
      else await store.release(request);
    } catch (error) {
      // The answer stands; the key stays in progress until its time runs out, then may be retried.
      logger.warn('Could not settle the idempotency record', {
        route: request.route,
        statusCode,
        error: error as Error,
      });
      count(metrics, 'idempotencyStoreFailures');
    }
  };

  return {
    claimedKey: (event) => claimed.get(event)?.key,
    settle: {
      after: async (request) => settleWith(request.event, request.response as Result | undefined),
      onError: async (request) => settleWith(request.event, request.response as Result | undefined),
    },
    claim: {
      before: async (request) => {
        const { event } = request;
        if (!routes.has(event.routeKey)) return undefined;
        const key = keyOf(event);
        if (key === undefined) return undefined;
        const { identity, body } = options.requestOf(event);
        if (!identity) return undefined; // authorize has refused the request already
        const idempotent: IdempotentRequest = {
          tenantId: identity.tenantId,
          userId: identity.userId,
          route: event.routeKey,
          key,
          payloadHash: payloadHash({
            path: event.pathParameters ?? {},
            query: event.queryStringParameters ?? {},
            body: body ?? null,
          }),
        };
        const result = await store.claim(idempotent, request.context.getRemainingTimeInMillis());
        switch (result.outcome) {
          case 'claimed':
            claimed.set(event, idempotent);
            return undefined;
          case 'payloadMismatch':
            throw new IdempotencyKeyReused();
          case 'inProgress':
            throw new IdempotencyInProgress(result.retryAfterSeconds);
          case 'completed': {
            count(metrics, 'idempotentReplays');
            // An early answer skips the `after` chain: let Powertools' middlewares flush as they would.
            await cleanupMiddlewares(request);
            const replay: Result = {
              statusCode: result.response.statusCode,
              headers: { ...result.response.headers, [REPLAYED_HEADER]: 'true' },
              ...(result.response.body === undefined ? {} : { body: result.response.body }),
            };
            return options.decorateReplay ? options.decorateReplay(event, replay) : replay;
          }
        }
      },
    },
  };
}

/** What is kept of a response: status, string headers and the body as sent. */
function storedResponse(response: Result): StoredResponse {
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  return {
    statusCode: response.statusCode ?? 200,
    headers,
    ...(response.body === undefined ? {} : { body: response.body }),
  };
}
