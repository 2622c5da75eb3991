import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { TELEMETRY_RECEIVED_PATTERN, telemetryReceivedSchema } from '../../fleet/events.js';
import { apiGatewayConnections } from '../adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';
import { pushPositions } from '../use-cases/push-positions.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite, gateway: apiGatewayConnections };
export type PushPositionsDeps = DepsOf<typeof bindings>;

/** `telemetry.received` → coalesced `vehicle.position` frames for the tenant's subscribers. */
export function createPushPositionsHandler(deps: PushPositionsDeps): BusLambdaHandler {
  return eventHandler({ declaration: pushPositionsFunction, deps, detail: telemetryReceivedSchema }, async (batch) => {
    deps.logger.appendKeys({ tenantId: batch.tenantId, batchId: batch.batchId });
    await pushPositions(deps, batch);
  });
}

export const pushPositionsFunction = defineFunction({
  name: 'pushPositions',
  description: 'Sends vehicle.position frames to the tenant subscribers, at most one per vehicle per second per socket',
  entry: 'functions/modules/realtime/handlers/push-positions.lambda.ts',
  triggers: [
    // Positions are live: an event older than a minute is not worth delivering late.
    { kind: 'event', pattern: TELEMETRY_RECEIVED_PATTERN, retryAttempts: 1, maxEventAgeSeconds: 60 },
  ],
  bindings,
  factory: createPushPositionsHandler,
  timeoutSeconds: 30,
});
