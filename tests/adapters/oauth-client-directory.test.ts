import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClientDirectory } from '../../functions/modules/integrations/adapters/cognito-oauth-client-directory.js';
import { API_SCOPES } from '../../functions/modules/integrations/domain/api-key.js';
import { LocalOAuthClients } from '../../local/auth/local-oauth-clients.js';
import { describeOAuthClientDirectoryContract } from '../contracts/oauth-client-directory.contract.js';

const POOL = 'eu-west-1_TestPool';
const RESOURCE_SCOPES = API_SCOPES.map((scope) => `fleetops/${scope}`);

interface StandInClient {
  ClientId: string;
  ClientSecret: string;
  AllowedOAuthScopes: string[];
}

/**
 * A Cognito stand-in on 127.0.0.1 speaking the service's JSON 1.1 protocol (X-Amz-Target
 * AWSCognitoIdentityProviderService.CreateUserPoolClient / DeleteUserPoolClient), so the real SDK
 * client and CognitoOAuthClientDirectory run end to end. It refuses what Cognito refuses for a
 * client credentials client: another pool, no secret, flows other than client_credentials, a scope
 * the resource server does not define (ScopeDoesNotExistException), an unknown client on delete.
 */
async function cognitoStandIn(): Promise<{ endpoint: string; server: Server; clients: Map<string, StandInClient> }> {
  const clients = new Map<string, StandInClient>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    const invalid = (message: string) => reply(400, { __type: 'InvalidParameterException', message });
    if (input.UserPoolId !== POOL) return reply(400, { __type: 'ResourceNotFoundException', message: 'pool' });
    if (target === 'AWSCognitoIdentityProviderService.CreateUserPoolClient') {
      const scopes = (input.AllowedOAuthScopes ?? []) as string[];
      if (input.GenerateSecret !== true) return invalid('client credentials need a secret');
      if (input.AllowedOAuthFlowsUserPoolClient !== true) return invalid('OAuth flows not enabled');
      if (JSON.stringify(input.AllowedOAuthFlows) !== '["client_credentials"]') return invalid('flows');
      if (scopes.length === 0) return invalid('client_credentials needs a custom scope');
      if (scopes.some((scope) => !RESOURCE_SCOPES.includes(scope))) {
        return reply(400, { __type: 'ScopeDoesNotExistException', message: 'Invalid scope requested' });
      }
      if (!/^[\w\s+=,.@-]{1,128}$/.test(String(input.ClientName))) return invalid('ClientName');
      const client = {
        ClientId: randomBytes(20).toString('hex').slice(0, 26),
        ClientSecret: randomBytes(38).toString('base64url'),
        AllowedOAuthScopes: scopes,
      };
      clients.set(client.ClientId, client);
      return reply(200, { UserPoolClient: { ...client, UserPoolId: POOL, ClientName: input.ClientName } });
    }
    if (target === 'AWSCognitoIdentityProviderService.DeleteUserPoolClient') {
      if (!clients.delete(String(input.ClientId))) {
        return reply(400, { __type: 'ResourceNotFoundException', message: 'client' });
      }
      return reply(200, {});
    }
    return reply(400, { __type: 'UnsupportedOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, clients };
}

let cognito: Awaited<ReturnType<typeof cognitoStandIn>>;
let dataDir: string;
beforeAll(async () => {
  cognito = await cognitoStandIn();
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-clients-'));
});
afterAll(async () => {
  await new Promise((resolve) => cognito.server.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

const cognitoDirectory = () =>
  new CognitoOAuthClientDirectory(
    new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    }),
    POOL,
  );

describeOAuthClientDirectoryContract('the local issuer’s client store', async () => {
  const clients = await LocalOAuthClients.create({ dataDir });
  return {
    directory: clients,
    allowedScopes: async (clientId, secret) => clients.authenticate(clientId, secret)?.allowedScopes,
  };
});

describeOAuthClientDirectoryContract('Cognito (CreateUserPoolClient against a stand-in)', () => ({
  directory: cognitoDirectory(),
  allowedScopes: async (clientId, secret) => {
    const client = cognito.clients.get(clientId);
    return client && client.ClientSecret === secret ? client.AllowedOAuthScopes : undefined;
  },
}));

describe('the adapters beyond the contract', () => {
  it('keeps local clients across a restart (the data directory), as a user pool keeps its clients', async () => {
    const before = await LocalOAuthClients.create({ dataDir });
    const client = await before.register({ name: 'acme:durable', scopes: ['alerts:read'] });

    const after = await LocalOAuthClients.create({ dataDir });

    expect(after.authenticate(client.clientId, client.clientSecret)?.allowedScopes).toEqual(['fleetops/alerts:read']);
    expect(JSON.stringify(after)).not.toContain(client.clientSecret);
  });

  it('turns a tenant-prefixed name Cognito would refuse into one it accepts', async () => {
    const client = await cognitoDirectory().register({ name: 'acme:Relay ✓ (EU)', scopes: ['alerts:read'] });

    expect(cognito.clients.has(client.clientId)).toBe(true);
  });
});
