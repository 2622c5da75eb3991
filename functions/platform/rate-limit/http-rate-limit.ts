import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Identity } from '../auth/identity.js';
import { RateLimited } from '../errors.js';
import { count } from '../observability/observability.js';
import type { RateLimiter, RateLimitOutcome } from './rate-limiter.js';
import {
  RATE_LIMIT_HEADER,
  RATE_LIMIT_POLICY_HEADER,
  rateLimitField,
  rateLimitPolicyField,
} from './ratelimit-fields.js';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

export interface HttpRateLimitOptions {
  readonly limiter: RateLimiter;
  /** The verified caller, as the authentication middleware left it. */
  readonly identityOf: (event: Event) => Identity | undefined;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The two halves of the rate-limit middleware, placed apart in the chain like the idempotency one. */
export interface HttpRateLimitMiddlewares {
  /** Outside the error mapper: its `after` and `onError` see every response, errors included, and add the fields. */
  readonly fields: MiddlewareObj<Event, Result>;
  /** Right after authentication, before the role check and the body: takes the tokens or answers 429. */
  readonly check: MiddlewareObj<Event, Result>;
  /**
   * Adds the fields to an early answer a later middleware returns from its `before` (an idempotent
   * replay): middy skips every `after`, so {@link fields} never sees such an answer.
   */
  readonly addFieldsTo: (event: Event, response: Result) => Result;
}

/**
 * Rate limits for HTTP routes (docs/adr/0114): every authenticated request takes a token from its
 * client's bucket and its tenant's; over either, 429 `RATE_LIMITED` with `Retry-After`. Every
 * response to an authenticated caller (2xx, 4xx and the 429 alike) carries `RateLimit-Policy`
 * and `RateLimit`. When the limiter's store fails, the request is admitted (fail open), logged and
 * counted as `rateLimiterFailures`: a limiter outage must not become an API outage.
 */
export function httpRateLimit(options: HttpRateLimitOptions): HttpRateLimitMiddlewares {
  const outcomes = new WeakMap<object, RateLimitOutcome>();
  const addFields = (event: Event, response: Result | undefined) => {
    const outcome = outcomes.get(event);
    if (!outcome || outcome.buckets.length === 0 || !response) return;
    const current = rateLimitField(outcome.buckets);
    response.headers = {
      ...response.headers,
      [RATE_LIMIT_POLICY_HEADER]: rateLimitPolicyField(outcome.buckets),
      ...(current === undefined ? {} : { [RATE_LIMIT_HEADER]: current }),
    };
  };
  return {
    addFieldsTo: (event, response) => {
      addFields(event, response);
      return response;
    },
    fields: {
      after: (request) => addFields(request.event, request.response as Result | undefined),
      onError: (request) => addFields(request.event, request.response as Result | undefined),
    },
    check: {
      before: async (request) => {
        const identity = options.identityOf(request.event);
        if (!identity) return; // authentication has refused the request already
        let outcome: RateLimitOutcome;
        try {
          outcome = await options.limiter.consume({ tenantId: identity.tenantId, clientId: identity.userId });
        } catch (error) {
          options.logger.warn('Rate limiter unavailable; admitting the request', { error: error as Error });
          count(options.metrics, 'rateLimiterFailures');
          return;
        }
        outcomes.set(request.event, outcome);
        if (!outcome.allowed) {
          count(options.metrics, 'rateLimited');
          throw new RateLimited(outcome.retryAfterSeconds ?? 1);
        }
      },
    },
  };
}
