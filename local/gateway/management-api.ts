import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import { readBody, sendJson } from './http-util.js';
import type { ManagementCredentials } from './management-credentials.js';
import { precheckSigV4, verifySigV4 } from './sigv4-verifier.js';
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

/** What the management API needs besides the request. */
export interface ManagementApiContext {
  readonly api: WebSocketApi;
  /** The only credentials whose SigV4 signatures are accepted (the local stack's own functions'). */
  readonly credentials: ManagementCredentials;
  readonly logger: Logger;
}

/**
 * The API Gateway management API (PostToConnection, GetConnection, DeleteConnection) over the local
 * WebSocket API, answering with the status codes, `x-amzn-ErrorType` headers and JSON bodies the
 * real service uses — so the unmodified AWS SDK client, and with it the ConnectionGateway adapter,
 * behaves identically (e.g. throws `GoneException` for a closed connection).
 *
 * Every request must be SigV4-signed with the stack's management credentials, as IAM requires for
 * the deployed API; anything else gets API Gateway's 403 `{"message":"Forbidden"}`, so no other
 * process on the machine can push frames to, read or close the stack's connections.
 */
export async function handleManagementRequest(
  context: ManagementApiContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  const { api } = context;
  const signed = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
  // Format, key and date first, so an unsigned caller is refused before its body is read.
  const early = precheckSigV4(signed, context.credentials);
  if (early) {
    request.resume();
    return forbidden(context, response, early);
  }
  let body: Buffer;
  try {
    body = await readBody(request, MAX_FRAME_BYTES);
  } catch {
    return awsError(response, 413, 'PayloadTooLargeException', 'Message too long');
  }
  const refusal = await verifySigV4(signed, body, context.credentials);
  if (refusal) return forbidden(context, response, refusal);

  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const match = CONNECTION_PATH.exec(path);
  if (!match) return awsError(response, 404, 'NotFoundException', 'Not Found');
  let connectionId: string;
  try {
    connectionId = decodeURIComponent(match[1] as string);
  } catch {
    return awsError(response, 400, 'BadRequestException', 'Invalid connection id');
  }
  switch (request.method) {
    case 'POST': {
      if (!api.post(connectionId, body)) return gone(response);
      response.writeHead(200, { 'content-length': 0 }).end();
      return 200;
    }
    case 'GET': {
      const description = api.describe(connectionId);
      if (!description) return gone(response);
      sendJson(response, 200, description);
      return 200;
    }
    case 'DELETE': {
      if (!api.disconnect(connectionId)) return gone(response);
      response.writeHead(204).end();
      return 204;
    }
    default:
      return awsError(response, 404, 'NotFoundException', 'Not Found');
  }
}

function forbidden(context: ManagementApiContext, response: ServerResponse, reason: string): number {
  context.logger.warn('management API request refused', { reason });
  return awsError(response, 403, 'ForbiddenException', 'Forbidden');
}

function gone(response: ServerResponse): number {
  return awsError(response, 410, 'GoneException', 'The connection is gone');
}

function awsError(response: ServerResponse, status: number, type: string, message: string): number {
  sendJson(response, status, { message }, { 'x-amzn-ErrorType': type });
  return status;
}
