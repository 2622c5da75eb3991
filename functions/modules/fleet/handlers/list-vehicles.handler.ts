import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { fleetScopeOf } from '../domain/fleet-scope.js';
import { listVehicles } from '../use-cases/read-vehicles.js';
import { VEHICLE_READER_ROLES } from './vehicle-roles.js';
import { listVehiclesQuery } from './vehicle-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, vehicles: dynamoDbVehicleRegistry.read };
export type ListVehiclesDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/vehicles?q=&limit=&cursor=` (C2): the vehicles the caller may see (a driver only theirs),
 * in id order, each with lastSeenAt, position, latest readings and open alert count.
 */
export function createListVehiclesHandler(deps: ListVehiclesDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: listVehiclesFunction, deps, query: listVehiclesQuery },
    async ({ identity, query }) => {
      const page = await listVehicles(deps, {
        scope: fleetScopeOf(identity),
        ...(query.q ? { q: query.q } : {}),
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return { statusCode: 200, body: page };
    },
  );
}

export const listVehiclesFunction = defineFunction({
  name: 'listVehicles',
  description: 'GET /v1/vehicles: the vehicles the caller may see, with their live state, cursor-paginated',
  entry: 'functions/modules/fleet/handlers/list-vehicles.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/vehicles', roles: VEHICLE_READER_ROLES, scopes: ['vehicles:read'] },
  ],
  bindings,
  factory: createListVehiclesHandler,
});
