import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayAuthorizerWithContextResult, APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import type { PlatformDeps } from '../platform/deps.js';
import { InvalidToken } from '../ports/token-verifier.js';
import { type LambdaHandler, observability } from '../shared/observability.js';
import type { WebSocketAuthorizerContext } from '../shared/websocket.js';
import { declarationOf } from '../wiring/functions.js';

export type WsAuthorizeDeps = Pick<PlatformDeps, 'tokens' | 'logger' | 'metrics'>;

/** The authorizer's answer: an IAM policy plus the context `$connect` receives. */
export type WsAuthorizeResult = APIGatewayAuthorizerWithContextResult<
  WebSocketAuthorizerContext & Record<string, string>
>;
export type WsAuthorizeLambdaHandler = LambdaHandler<APIGatewayRequestAuthorizerEvent, WsAuthorizeResult>;

/**
 * The WebSocket API's `$connect` REQUEST authorizer: verifies `?token=` (browsers cannot set an
 * Authorization header on a WebSocket) and allows the connection with tenant, user and roles as
 * context. Throwing exactly `Error('Unauthorized')` is what makes API Gateway answer 401; any other
 * failure (the JWKS endpoint down, …) is rethrown as is and becomes a 500, which is not the
 * client's fault and must not be cached as a denial.
 */
export function createWsAuthorizeHandler(deps: WsAuthorizeDeps): WsAuthorizeLambdaHandler {
  const declaration = declarationOf('wsAuthorize');
  return middy<APIGatewayRequestAuthorizerEvent, WsAuthorizeResult, Error, Context>()
    .use(
      observability(deps, declaration.name) as MiddlewareObj<
        APIGatewayRequestAuthorizerEvent,
        WsAuthorizeResult,
        Error,
        Context
      >,
    )
    .handler(async (event) => {
      const token = event.queryStringParameters?.token;
      if (!token) {
        deps.logger.info('WebSocket connect without a token');
        throw new Error('Unauthorized');
      }
      let verified: Awaited<ReturnType<typeof deps.tokens.verify>>;
      try {
        verified = await deps.tokens.verify(token);
      } catch (error) {
        if (error instanceof InvalidToken) {
          deps.logger.info('WebSocket connect with an invalid token', { reason: error.message });
          throw new Error('Unauthorized');
        }
        throw error;
      }
      const { tenantId, userId, roles } = verified.identity;
      deps.logger.appendKeys({ tenantId, userId });
      return {
        principalId: userId,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
        },
        context: { tenantId, userId, roles: roles.join(',') },
      };
    }) as WsAuthorizeLambdaHandler;
}
