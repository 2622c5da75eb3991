import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { ENDPOINT_DISABLED_PATTERN, endpointDisabledSchema } from '../../webhooks/events.js';
import { dynamoDbInbox } from '../adapters/dynamodb-inbox.js';
import { notifyEndpointDisabled as notifyAdmins } from '../use-cases/notify-endpoint-disabled.js';

const bindings = {
  fleet: dynamoDbFleetRepository.read,
  inbox: dynamoDbInbox.readWrite,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
};
export type NotifyEndpointDisabledDeps = DepsOf<typeof bindings>;

/** `endpoint.disabled` (webhooks module, ADR 0066) → an in-app notice to each admin of the tenant (ADR 0115). */
export function createNotifyEndpointDisabledHandler(deps: NotifyEndpointDisabledDeps): BusLambdaHandler {
  return eventHandler(
    { declaration: notifyEndpointDisabled, deps, detail: endpointDisabledSchema },
    async (disabled) => {
      deps.logger.appendKeys({ tenantId: disabled.tenantId, endpointId: disabled.endpointId });
      const notices = await notifyAdmins(deps, disabled);
      deps.logger.info('admins told of a disabled webhook endpoint', { admins: notices.length });
    },
  );
}

export const notifyEndpointDisabled = defineFunction({
  name: 'notifyEndpointDisabled',
  description: 'endpoint.disabled: an in-app notice to each admin of the tenant',
  entry: 'functions/modules/notifications/handlers/notify-endpoint-disabled.lambda.ts',
  triggers: [{ kind: 'event', pattern: ENDPOINT_DISABLED_PATTERN }],
  bindings,
  factory: createNotifyEndpointDisabledHandler,
});
