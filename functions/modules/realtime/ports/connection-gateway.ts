/** The connection no longer exists (API Gateway answers 410 Gone): forget it. */
export class ConnectionGone extends Error {
  override readonly name = 'ConnectionGone';
  constructor(readonly connectionId: string) {
    super(`WebSocket connection ${connectionId} is gone`);
  }
}

export interface ConnectionInfo {
  readonly connectedAt: string;
  readonly lastActiveAt: string;
}

/**
 * Pushes frames to WebSocket clients. One adapter serves both runtimes: the AWS SDK's
 * ApiGatewayManagementApi client, pointed at API Gateway in AWS and at the local stack's
 * implementation of the same management API locally.
 */
export interface ConnectionGateway {
  /** Sends one JSON frame. Throws ConnectionGone on 410. */
  post(connectionId: string, frame: unknown): Promise<void>;
  /** Closes the connection; a connection already gone is not an error. */
  disconnect(connectionId: string): Promise<void>;
  /** Undefined when the connection is gone. */
  describe(connectionId: string): Promise<ConnectionInfo | undefined>;
}
