import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../runtime/lambda-context.js';
import { apiGatewayId, apiGatewayTime } from './ids.js';

/** The local API's id and stage, as they appear in events and ARNs. */
export const LOCAL_API_ID = 'local';
export const LOCAL_STAGE = '$default';

export interface HttpRequestInput {
  readonly method: string;
  /** The raw request target: `/v1/alerts?status=open`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Verified JWT claims, as the token carried them; none on a public route (no authorizer). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The Lambda authorizer's context (an API key, docs/adr/0108), instead of JWT claims. */
  readonly lambdaContext?: object;
  readonly requestId?: string;
  readonly now?: Date;
}

/**
 * Builds the API Gateway HTTP API payload-2.0 event for a request, field for field as API Gateway
 * does (lower-cased headers, cookies split out, repeated query parameters joined by commas, JWT
 * claims flattened to strings at `requestContext.authorizer.jwt.claims`), so a handler cannot tell
 * the local stack from AWS.
 */
export function buildHttpEvent(
  input: HttpRequestInput & { readonly claims: Readonly<Record<string, unknown>> },
): APIGatewayProxyEventV2WithJWTAuthorizer;
export function buildHttpEvent(
  input: HttpRequestInput,
): APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2;
export function buildHttpEvent(
  input: HttpRequestInput,
): APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2 {
  const now = input.now ?? new Date();
  const url = new URL(input.url, 'http://local');
  const rawQueryString = input.url.includes('?') ? input.url.slice(input.url.indexOf('?') + 1) : '';
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(input.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = String(value)
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c.length > 0);
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    const existing = queryStringParameters[key];
    queryStringParameters[key] = existing === undefined ? value : `${existing},${value}`;
  }
  const host = headers.host ?? '127.0.0.1';
  const domainName = host.replace(/:\d+$/, '');
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = input.body.length > 0 && !isTextContentType(contentType);
  const requestId = input.requestId ?? apiGatewayId();
  const claims = input.claims ? toApiGatewayClaims(input.claims) : undefined;
  const scope = input.claims?.scope;
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(input.pathParameters).length > 0 ? { pathParameters: { ...input.pathParameters } } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: LOCAL_API_ID,
      // API Gateway sends no authorizer context for a route without an authorizer.
      ...(input.lambdaContext
        ? { authorizer: { principalId: '', integrationLatency: 0, lambda: { ...input.lambdaContext } } }
        : {}),
      ...(claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims, scopes: typeof scope === 'string' ? scope.split(' ') : [] },
            },
          }
        : {}),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: input.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: input.routeKey,
      stage: LOCAL_STAGE,
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(input.body.length > 0
      ? { body: isBase64Encoded ? input.body.toString('base64') : input.body.toString('utf8') }
      : {}),
    isBase64Encoded,
  };
}

/**
 * Claims the way API Gateway's JWT authorizer passes them: every value a string; arrays become
 * `[a b]`, objects their JSON.
 */
export function toApiGatewayClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = `[${value.map((v) => String(v)).join(' ')}]`;
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

/** Text bodies reach a handler as-is; anything else base64-encoded, as API Gateway does. */
export function isTextContentType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type === '' ||
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  );
}

/** A handler result ready to write to the socket. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * Interprets a payload-2.0 handler result as API Gateway does: a structured result is used as
 * given; anything else (a string, an object without `statusCode`) is a 200 JSON body.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  if (isStructured(result)) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
    const text = result.body ?? '';
    const body = result.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    if (body.length > 0 && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    return { statusCode: result.statusCode ?? 200, headers, body };
  }
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(text, 'utf8') };
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}
