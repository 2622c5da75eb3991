import type { MiddlewareObj } from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { parseOrThrow } from '../http/validation.js';
import { type LambdaHandler, type ObservabilityDeps, observedHandler } from '../observability/observability.js';
import type { FunctionDeclaration } from '../wiring/declaration.js';
import type * as z from '../zod.js';

/** An EventBridge event as a rule delivers it to a Lambda target. */
export type BusEvent<TDetail = unknown> = EventBridgeEvent<string, TDetail>;
export type BusLambdaHandler = LambdaHandler<BusEvent, void>;

export interface EventHandlerOptions<TDetail> {
  readonly declaration: FunctionDeclaration;
  readonly deps: ObservabilityDeps;
  /** The detail's schema: a producer bug is rejected here, loudly, instead of half-processed. */
  readonly detail: z.ZodMiniType<TDetail>;
}

/**
 * Builds a handler for an EventBridge rule target. A thrown error makes EventBridge retry the event
 * (with the rule's retry policy) and finally send it to the rule's DLQ, so logic throws whenever it
 * could not finish, and must be idempotent because delivery is at least once.
 */
export function eventHandler<TDetail>(
  options: EventHandlerOptions<TDetail>,
  logic: (detail: TDetail, event: BusEvent) => Promise<void>,
): BusLambdaHandler {
  const { deps } = options;
  const logErrors: MiddlewareObj<BusEvent, void, Error, Context> = {
    name: 'logEventErrors',
    onError: (request) => {
      deps.logger.error('Event processing failed; EventBridge will retry', {
        eventId: request.event.id,
        detailType: request.event['detail-type'],
        error: request.error ?? undefined,
      });
    },
  };
  return observedHandler<BusEvent, void>(deps, options.declaration.name)
    .use(logErrors)
    .handler(async (event) => {
      deps.logger.appendKeys({ eventId: event.id });
      const detail = parseOrThrow(options.detail, event.detail, 'detail');
      await logic(detail, event);
    }) as BusLambdaHandler;
}
