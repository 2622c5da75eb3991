import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { managementApiClient } from '../../../platform/clients/apigateway-management.js';
import type { WebSocketBinding } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import { type ConnectionGateway, ConnectionGone, type ConnectionInfo } from '../ports/connection-gateway.js';

/**
 * Pushes frames through the API Gateway management API. The local stack points the same client
 * (its `endpoint`) at its own implementation of that API, so push code is identical in both
 * runtimes. 410 / GoneException becomes ConnectionGone, the signal to forget the connection.
 */
export class ApiGatewayConnectionGateway implements ConnectionGateway {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async post(connectionId: string, frame: unknown): Promise<void> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }),
      );
    } catch (error) {
      if (isGone(error)) throw new ConnectionGone(connectionId);
      throw error;
    }
  }

  async disconnect(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  async describe(connectionId: string): Promise<ConnectionInfo | undefined> {
    try {
      const result = await this.client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
      const connectedAt = result.ConnectedAt?.toISOString() ?? '';
      return { connectedAt, lastActiveAt: result.LastActiveAt?.toISOString() ?? connectedAt };
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }
}

/** By name and status code rather than instanceof: the local API's errors are deserialised the same way. */
function isGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return name === 'GoneException' || $metadata?.httpStatusCode === 410;
}

/**
 * Binds the stage's management API (WEBSOCKET_ENDPOINT, execute-api:ManageConnections) through
 * {@link ApiGatewayConnectionGateway}. `create` builds the same gateway over another endpoint: the
 * local stack's implementation of the management API, signing with its credentials.
 */
export const apiGatewayConnections: WebSocketBinding<ConnectionGateway> = {
  kind: 'websocket',
  env: [ENV.websocketEndpoint],
  fromEnvironment: ({ env, basics }) =>
    new ApiGatewayConnectionGateway(managementApiClient(basics.tracer, env[ENV.websocketEndpoint] as string)),
  create: ({ endpoint, credentials }) =>
    new ApiGatewayConnectionGateway(
      new ApiGatewayManagementApiClient({
        endpoint,
        region: 'us-east-1',
        maxAttempts: 2,
        ...(credentials ? { credentials } : {}),
      }),
    ),
};
