import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { joseAccessTokenVerifier } from '../../../platform/auth/access-token-verifier.js';
import { type AuthorizerContext, authorizerContextOf } from '../../../platform/auth/authorizer-context.js';
import { joseTokenVerifier } from '../../../platform/auth/jose-token-verifier.js';
import { InvalidToken } from '../../../platform/auth/token-verifier.js';
import { count, type LambdaHandler, observedHandler } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbApiKeyRepository } from '../adapters/dynamodb-api-key-repository.js';
import { dynamoDbOAuthClientRepository } from '../adapters/dynamodb-oauth-client-repository.js';
import { decideMachineCredential } from '../use-cases/machine-credentials.js';

const bindings = {
  apiKeys: dynamoDbApiKeyRepository.readWrite,
  oauthClients: dynamoDbOAuthClientRepository.read,
  tokens: joseTokenVerifier,
  accessTokens: joseAccessTokenVerifier,
};
export type AuthorizeHttpDeps = DepsOf<typeof bindings>;

export type AuthorizeHttpResult = APIGatewaySimpleAuthorizerWithContextResult<
  AuthorizerContext | Record<string, never>
>;
export type AuthorizeHttpLambdaHandler = LambdaHandler<APIGatewayRequestAuthorizerEventV2, AuthorizeHttpResult>;

/**
 * The HTTP API's Lambda REQUEST authorizer (simple responses, no result cache) in front of the
 * routes that declare `scopes` (docs/adr/0108, 0113): an API key (`x-api-key`, `Authorization:
 * ApiKey`) or a partner's client credentials access token through `decideMachineCredential`, else a
 * user's bearer token through the same verifier the JWT authorizer configuration describes (the
 * user pool's issuer and JWKS). The route reads the identity from the
 * context. A refusal is an answer (`isAuthorized: false`, API Gateway's 403), not an error; only a
 * failure that is not the caller's (DynamoDB, the JWKS endpoint) throws (a 500, never cached).
 */
export function createAuthorizeHttpHandler(deps: AuthorizeHttpDeps): AuthorizeHttpLambdaHandler {
  const refuse = (reason: string): AuthorizeHttpResult => {
    deps.logger.info('HTTP request refused by the authorizer', { reason });
    count(deps.metrics, 'httpAuthorizerRefusals');
    return { isAuthorized: false, context: {} };
  };
  return observedHandler<APIGatewayRequestAuthorizerEventV2, AuthorizeHttpResult>(
    deps,
    authorizeHttpFunction.name,
  ).handler(async (event) => {
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const decision = await decideMachineCredential(deps, headers, (error) =>
      deps.logger.warn('lastUsedAt not recorded', { error: error as Error }),
    );
    if (decision.kind === 'allowed') return { isAuthorized: true, context: decision.context };
    if (decision.kind === 'denied') return refuse(decision.reason);
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '')?.[1];
    if (!bearer) return refuse('no credentials');
    try {
      const { identity } = await deps.tokens.verify(bearer);
      return { isAuthorized: true, context: authorizerContextOf(identity) };
    } catch (error) {
      if (error instanceof InvalidToken) return refuse(`invalid token: ${error.message}`);
      throw error;
    }
  }) as AuthorizeHttpLambdaHandler;
}

export const authorizeHttpFunction = defineFunction({
  name: 'authorizeHttp',
  description: 'HTTP API Lambda authorizer of scoped routes: an API key, an OAuth2 access token or a user token',
  entry: 'functions/modules/integrations/handlers/authorize-http.lambda.ts',
  triggers: [{ kind: 'httpAuthorizer' }],
  bindings,
  factory: createAuthorizeHttpHandler,
  memorySize: 256,
  timeoutSeconds: 5,
});
