import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { readVehicleMap, replaceVehicleMap } from '../use-cases/partners.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';
import { partnerPath, vehicleMapBody } from './partner-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, partners: dynamoDbPartnerRepository.readWrite };
export type VehicleMapDeps = DepsOf<typeof bindings>;

/**
 * `GET|PUT /v1/partners/{partnerId}/vehicle-map` (admin, docs/adr/0106): which fleetops vehicle
 * each of a telematics or fuel-card vendor's vehicle ids is. PUT replaces the whole map and
 * answers it; another tenant's partner is 404.
 */
export function createVehicleMapHandler(deps: VehicleMapDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: vehicleMapFunction, deps, path: partnerPath, body: z.unknown() },
    async ({ event, identity, path, body }) => {
      const target = { tenantId: identity.tenantId, partnerId: path.partnerId };
      if (event.routeKey.startsWith('GET ')) return { statusCode: 200, body: await readVehicleMap(deps, target) };
      const { mappings } = parseOrThrow(vehicleMapBody, body, 'body');
      const map = await replaceVehicleMap(deps, { ...target, mappings });
      deps.logger.info('Partner vehicle map replaced', {
        partnerId: map.partnerId,
        mappings: Object.keys(map.mappings).length,
      });
      return { statusCode: 200, body: map };
    },
  );
}

export const vehicleMapFunction = defineFunction({
  name: 'partnerVehicleMap',
  description: "GET|PUT /v1/partners/{partnerId}/vehicle-map: a telematics partner's vendor → fleetops vehicle ids",
  entry: 'functions/modules/integrations/handlers/vehicle-map.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'GET',
      path: '/v1/partners/{partnerId}/vehicle-map',
      roles: INTEGRATION_ADMIN_ROLES,
      scopes: ['webhooks:manage'],
    },
    {
      kind: 'http',
      method: 'PUT',
      path: '/v1/partners/{partnerId}/vehicle-map',
      roles: INTEGRATION_ADMIN_ROLES,
      scopes: ['webhooks:manage'],
    },
  ],
  bindings,
  factory: createVehicleMapHandler,
});
