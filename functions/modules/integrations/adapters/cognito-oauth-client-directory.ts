import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { OAuthClientsBinding } from '../../../platform/wiring/bindings.js';
import { ENV, requiredEnv } from '../../../platform/wiring/environment.js';
import type { ApiScope } from '../domain/api-key.js';
import { oauthScopeOf } from '../domain/oauth-client.js';
import type { OAuthClientDirectory, RegisteredOAuthClient } from '../ports/oauth-client-directory.js';

/** How long a partner's access token lives (Cognito's default; the token endpoint's `expires_in`). */
export const PARTNER_ACCESS_TOKEN_MINUTES = 60;

/**
 * Partner app clients on the stage's user pool (docs/adr/0113): `CreateUserPoolClient` with a
 * generated secret, `AllowedOAuthFlows: ['client_credentials']` and the resource server's scopes
 * granted, no user sign-in flows (`ExplicitAuthFlows` only refresh, which a client credentials
 * client never gets); `DeleteUserPoolClient` to revoke (a missing client is deleted already).
 */
export class CognitoOAuthClientDirectory implements OAuthClientDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async register(client: {
    readonly name: string;
    readonly scopes: readonly ApiScope[];
  }): Promise<RegisteredOAuthClient> {
    const { UserPoolClient: created } = await this.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: this.userPoolId,
        // Cognito's ClientName allows [\w\s+=,.@-]{1,128}.
        ClientName: client.name.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128),
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: client.scopes.map(oauthScopeOf),
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        AccessTokenValidity: PARTNER_ACCESS_TOKEN_MINUTES,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    if (!created?.ClientId || !created.ClientSecret)
      throw new Error('CreateUserPoolClient answered no client or secret');
    return { clientId: created.ClientId, clientSecret: created.ClientSecret };
  }

  async remove(clientId: string): Promise<void> {
    try {
      await this.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}

/** Binds the stage's user pool (USER_POOL_ID) through {@link CognitoOAuthClientDirectory}; one client per container. */
export const cognitoOAuthClientDirectory: OAuthClientsBinding<OAuthClientDirectory> = {
  kind: 'oauthClients',
  env: [ENV.userPoolId],
  fromEnvironment: ({ env }) =>
    new CognitoOAuthClientDirectory(new CognitoIdentityProviderClient({}), requiredEnv(ENV.userPoolId, env)),
};
