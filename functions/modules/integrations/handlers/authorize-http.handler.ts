import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { type AuthorizerContext, authorizerContextOf } from '../../../platform/auth/authorizer-context.js';
import { joseTokenVerifier } from '../../../platform/auth/jose-token-verifier.js';
import { InvalidToken } from '../../../platform/auth/token-verifier.js';
import { count, type LambdaHandler, observedHandler } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbApiKeyRepository } from '../adapters/dynamodb-api-key-repository.js';
import { decideApiKey } from '../use-cases/api-keys.js';

const bindings = { apiKeys: dynamoDbApiKeyRepository.readWrite, tokens: joseTokenVerifier };
export type AuthorizeHttpDeps = DepsOf<typeof bindings>;

export type AuthorizeHttpResult = APIGatewaySimpleAuthorizerWithContextResult<
  AuthorizerContext | Record<string, never>
>;
export type AuthorizeHttpLambdaHandler = LambdaHandler<APIGatewayRequestAuthorizerEventV2, AuthorizeHttpResult>;

/**
 * The HTTP API's Lambda REQUEST authorizer (simple responses, no result cache) in front of the
 * routes that declare `scopes` (docs/adr/0108): an API key (`x-api-key`, `Authorization: ApiKey`)
 * through `decideApiKey`, else a user's bearer token through the same verifier the JWT authorizer
 * configuration describes (the user pool's issuer and JWKS). The route reads the identity from the
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
    const decision = await decideApiKey(deps, headers, (error) =>
      deps.logger.warn('lastUsedAt not recorded', { error: error as Error }),
    );
    if (decision.kind === 'allowed') return { isAuthorized: true, context: decision.context };
    if (decision.kind === 'denied') return refuse('invalid or revoked API key');
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
  description: 'HTTP API Lambda authorizer of scoped routes: an API key or a user bearer token',
  entry: 'functions/modules/integrations/handlers/authorize-http.lambda.ts',
  triggers: [{ kind: 'httpAuthorizer' }],
  bindings,
  factory: createAuthorizeHttpHandler,
  memorySize: 256,
  timeoutSeconds: 5,
});
