import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-util.js';
import type { WebSocketApi } from './websocket-api.js';

/**
 * Where the local management API lives. `WEBSOCKET_ENDPOINT` is `{stack url}` + this prefix, and
 * the AWS SDK's ApiGatewayManagementApiClient appends `/@connections/{id}` as it does for
 * `https://{api}.execute-api.{region}.amazonaws.com/{stage}`.
 */
export const MANAGEMENT_PREFIX = '/_management';
const CONNECTION_PATH = new RegExp(`^${MANAGEMENT_PREFIX}/@connections/([^/]+)$`);
/** API Gateway's limit for a PostToConnection payload. */
const MAX_FRAME_BYTES = 128 * 1024;

/** Whether a request path is for the management API. */
export function isManagementPath(path: string): boolean {
  return path.startsWith(`${MANAGEMENT_PREFIX}/`);
}

/**
 * The API Gateway management API (PostToConnection, GetConnection, DeleteConnection) over the local
 * WebSocket API, answering with the status codes, `x-amzn-ErrorType` headers and JSON bodies the
 * real service uses — so the unmodified AWS SDK client, and with it the ConnectionGateway adapter,
 * behaves identically (e.g. throws `GoneException` for a closed connection). Requests are not
 * SigV4-verified: the server listens on loopback only.
 */
export async function handleManagementRequest(
  api: WebSocketApi,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const match = CONNECTION_PATH.exec(path);
  if (!match) {
    request.resume();
    return awsError(response, 404, 'NotFoundException', 'Not Found');
  }
  let connectionId: string;
  try {
    connectionId = decodeURIComponent(match[1] as string);
  } catch {
    request.resume();
    return awsError(response, 400, 'BadRequestException', 'Invalid connection id');
  }
  switch (request.method) {
    case 'POST': {
      let data: Buffer;
      try {
        data = await readBody(request, MAX_FRAME_BYTES);
      } catch {
        return awsError(response, 413, 'PayloadTooLargeException', 'Message too long');
      }
      if (!api.post(connectionId, data)) return gone(response);
      response.writeHead(200, { 'content-length': 0 }).end();
      return 200;
    }
    case 'GET': {
      request.resume();
      const description = api.describe(connectionId);
      if (!description) return gone(response);
      sendJson(response, 200, description);
      return 200;
    }
    case 'DELETE': {
      request.resume();
      if (!api.disconnect(connectionId)) return gone(response);
      response.writeHead(204).end();
      return 204;
    }
    default:
      request.resume();
      return awsError(response, 404, 'NotFoundException', 'Not Found');
  }
}

function gone(response: ServerResponse): number {
  return awsError(response, 410, 'GoneException', 'The connection is gone');
}

function awsError(response: ServerResponse, status: number, type: string, message: string): number {
  sendJson(response, status, { message }, { 'x-amzn-ErrorType': type });
  return status;
}
