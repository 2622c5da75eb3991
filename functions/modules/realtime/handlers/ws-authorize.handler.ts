import type { APIGatewayAuthorizerWithContextResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { joseTokenVerifier } from '../../../platform/auth/jose-token-verifier.js';
import { InvalidToken, type VerifiedToken } from '../../../platform/auth/token-verifier.js';
import { count, type LambdaHandler, observedHandler } from '../../../platform/observability/observability.js';
import type { WebSocketAuthorizerContext } from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';

const bindings = { tokens: joseTokenVerifier };
export type WsAuthorizeDeps = DepsOf<typeof bindings>;

/** The authorizer's answer: an IAM policy plus the context `$connect` receives. */
export type WsAuthorizeResult = APIGatewayAuthorizerWithContextResult<
  WebSocketAuthorizerContext & Record<string, string>
>;
export type WsAuthorizeLambdaHandler = LambdaHandler<APIGatewayRequestAuthorizerEvent, WsAuthorizeResult>;

/**
 * The WebSocket API's `$connect` REQUEST authorizer: verifies `?token=` (browsers cannot set an
 * Authorization header on a WebSocket) and allows the connection with tenant, user and roles as
 * context. A caller without a valid token, or without any fleetops role, gets a Deny policy (API
 * Gateway answers 403): a refusal is an answer, not a Lambda error, so expired tokens neither page
 * ops nor roll back a canary. Only a failure that is not the caller's (the JWKS endpoint down, …)
 * is thrown, becomes a 500, and is not cached as a denial.
 */
export function createWsAuthorizeHandler(deps: WsAuthorizeDeps): WsAuthorizeLambdaHandler {
  const policy = (effect: 'Allow' | 'Deny', resource: string) => ({
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  });
  const deny = (event: APIGatewayRequestAuthorizerEvent, reason: string): WsAuthorizeResult => {
    deps.logger.info('WebSocket connect refused', { reason });
    count(deps.metrics, 'webSocketConnectsRefused');
    return { principalId: 'anonymous', policyDocument: policy('Deny', event.methodArn) } as WsAuthorizeResult;
  };
  return observedHandler<APIGatewayRequestAuthorizerEvent, WsAuthorizeResult>(deps, wsAuthorize.name).handler(
    async (event) => {
      const token = event.queryStringParameters?.token;
      if (!token) return deny(event, 'no token');
      let verified: VerifiedToken;
      try {
        verified = await deps.tokens.verify(token);
      } catch (error) {
        if (error instanceof InvalidToken) return deny(event, `invalid token: ${error.message}`);
        throw error;
      }
      const { tenantId, userId, roles } = verified.identity;
      deps.logger.appendKeys({ tenantId, userId });
      if (roles.length === 0) return deny(event, 'no fleetops role');
      return {
        principalId: userId,
        policyDocument: policy('Allow', event.methodArn),
        context: { tenantId, userId, roles: JSON.stringify(roles) },
      };
    },
  ) as WsAuthorizeLambdaHandler;
}

export const wsAuthorize = defineFunction({
  name: 'wsAuthorize',
  description: 'WebSocket $connect authorizer: verifies ?token= and hands tenant, user and roles on',
  entry: 'functions/modules/realtime/handlers/ws-authorize.lambda.ts',
  triggers: [{ kind: 'websocketAuthorizer' }],
  bindings,
  factory: createWsAuthorizeHandler,
});
