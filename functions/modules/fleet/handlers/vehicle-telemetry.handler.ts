import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbTelemetryHistory } from '../adapters/dynamodb-telemetry-history.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { fleetScopeOf } from '../domain/fleet-scope.js';
import { vehicleTelemetry } from '../use-cases/vehicle-telemetry.js';
import { VEHICLE_READER_ROLES } from './vehicle-roles.js';
import { vehiclePath, vehicleTelemetryQuery } from './vehicle-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  vehicles: dynamoDbVehicleRegistry.read,
  history: dynamoDbTelemetryHistory.read,
};
export type VehicleTelemetryDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/vehicles/{vehicleId}/telemetry?from=&to=&limit=` (C2): the vehicle's readings in the
 * range (default the last 24 h, at most 7 days), raw when the range holds at most `limit` of them,
 * else downsampled into at most `limit` buckets (see the query schema). Answers
 * `{vehicleId, from, to, readings, downsampled, bucketSeconds?, items}`, oldest first.
 */
export function createVehicleTelemetryHandler(deps: VehicleTelemetryDeps): HttpLambdaHandler {
  return httpHandler(
    {
      declaration: vehicleTelemetryFunction,
      deps,
      path: vehiclePath,
      query: vehicleTelemetryQuery(() => deps.clock.now()),
    },
    async ({ identity, path, query }) => {
      const series = await vehicleTelemetry(deps, {
        scope: fleetScopeOf(identity),
        vehicleId: path.vehicleId,
        ...query,
      });
      return {
        statusCode: 200,
        body: {
          vehicleId: path.vehicleId,
          from: query.from,
          to: query.to,
          readings: series.readings,
          downsampled: series.bucketSeconds !== undefined,
          ...(series.bucketSeconds === undefined ? {} : { bucketSeconds: series.bucketSeconds }),
          items: series.points,
        },
      };
    },
  );
}

export const vehicleTelemetryFunction = defineFunction({
  name: 'vehicleTelemetry',
  description: 'GET /v1/vehicles/{vehicleId}/telemetry: readings by time range, downsampled when long',
  entry: 'functions/modules/fleet/handlers/vehicle-telemetry.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'GET',
      path: '/v1/vehicles/{vehicleId}/telemetry',
      roles: VEHICLE_READER_ROLES,
      scopes: ['vehicles:read'],
    },
  ],
  bindings,
  factory: createVehicleTelemetryHandler,
  // A 7-day range of 5-second readings is ~120,000 items, read page by page.
  timeoutSeconds: 29,
  memorySize: 1024,
});
