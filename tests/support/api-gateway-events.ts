import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEvent,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  EventBridgeEvent,
} from 'aws-lambda';
import type { WebSocketEvent } from '../../functions/platform/websocket/websocket-handler.js';

/** Who calls: becomes the JWT authorizer's claims the way API Gateway passes them on. */
export interface TestCaller {
  readonly tenantId: string;
  readonly userId?: string;
  readonly roles: readonly string[];
  /** Claims added to (or overriding) the token's payload, e.g. a future `iat`. */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

/**
 * A JWT as API Gateway's authorizer would have verified it. The signature is a placeholder: behind
 * the authorizer a handler only decodes the payload of the token the authorizer checked.
 */
export function unsignedToken(payload: Readonly<Record<string, unknown>>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.signature`;
}

export interface HttpEventInput {
  readonly method: string;
  readonly path: string;
  /** Serialised with JSON.stringify unless already a string. */
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  /** Omit for a request without (valid) claims. */
  readonly caller?: TestCaller;
}

/**
 * An HTTP API payload-2.0 event as API Gateway builds it behind a JWT authorizer: claims under
 * `requestContext.authorizer.jwt.claims`, groups flattened to the `"[a b]"` string form.
 */
export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body =
    input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const payload = input.caller
    ? {
        sub: input.caller.userId ?? 'user-1',
        'custom:tenantId': input.caller.tenantId,
        'cognito:groups': [...input.caller.roles],
        token_use: 'id',
        ...input.caller.extraClaims,
      }
    : undefined;
  // The authorizer hands handlers the claims flattened; the token itself keeps the array.
  const claims = payload ? { ...payload, 'cognito:groups': `[${payload['cognito:groups'].join(' ')}]` } : undefined;
  const token = payload ? unsignedToken(payload) : undefined;
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: `${input.method} ${input.path}`,
      stage: '$default',
      time: '22/Nov/2026:14:00:00 +0000',
      timeEpoch: 0,
      authorizer: { jwt: { claims: claims ?? {}, scopes: null } },
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** The parsed JSON body of a handler's response. */
export function jsonBody<T = Record<string, unknown>>(result: APIGatewayProxyStructuredResultV2 | undefined): T {
  return JSON.parse(result?.body ?? 'null') as T;
}

/** An EventBridge event as a rule target receives it. */
export function busEvent<TDetail>(
  source: string,
  detailType: string,
  detail: TDetail,
  id = 'evt-1',
): EventBridgeEvent<string, TDetail> {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-11-22T14:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

/** A WebSocket route event; `authorizer` is what the `$connect` authorizer returned as context. */
export function webSocketEvent(input: {
  routeKey: string;
  connectionId: string;
  body?: string;
  authorizer?: Record<string, string>;
}): WebSocketEvent {
  return {
    requestContext: {
      routeKey: input.routeKey,
      messageId: 'msg-1',
      eventType:
        input.routeKey === '$connect' ? 'CONNECT' : input.routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE',
      extendedRequestId: 'ext-1',
      requestTime: '22/Nov/2026:14:00:00 +0000',
      messageDirection: 'IN',
      stage: 'dev',
      connectedAt: 0,
      requestTimeEpoch: 0,
      requestId: 'req-1',
      domainName: 'ws.example.com',
      connectionId: input.connectionId,
      apiId: 'ws',
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    },
    ...(input.body === undefined ? {} : { body: input.body }),
    isBase64Encoded: false,
  } as WebSocketEvent;
}

/** A `$connect` REQUEST authorizer event. */
export function authorizerEvent(token?: string): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:ws/dev/$connect',
    resource: '$connect',
    path: '/',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    pathParameters: {},
    queryStringParameters: token === undefined ? {} : { token },
    multiValueQueryStringParameters: {},
    stageVariables: {},
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** A DynamoDB stream event from records. */
export function streamEvent(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}
