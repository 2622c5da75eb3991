import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../functions/modules/integrations/domain/api-key.js';
import { stageConfig } from '../../infra/config/stages.js';
import { logicalIdOf } from '../../infra/constructs/nag.js';
import { addFleetOpsStacks } from '../../infra/fleetops-app.js';
import { resourcesOf, synthesise, testContext } from './support/synth.js';

/**
 * Issue #8's AWS sign-in as CDK deploys it: a managed-login domain, a public web client that can
 * only run the authorization-code flow (the PWA sends PKCE S256), callback and sign-out URLs on the
 * CloudFront domain, config.json carrying what the PWA's Cognito flow reads, and an HTTP API whose
 * CORS lets the PWA send its headers (the offline queue's Idempotency-Key among them).
 */
const dev = synthesise('dev');
const stateful = dev.templates.stateful;
/** The web stack's export of its distribution's domain name (`d….cloudfront.net`). */
const cloudFrontDomainExport = `^fleetops-dev-web:ExportsOutputFnGetAtt${logicalIdOf(dev.stacks.web.distribution)}DomainName`;

/** The JSON file a BucketDeployment uploads, read from the cloud assembly, its markers resolved to their CFN values. */
function deployedJson(
  app: App,
  template: Template,
): { body: Record<string, unknown>; markers: Record<string, unknown> } {
  const [[, deployment]] = resourcesOf(template, 'Custom::CDKBucketDeployment') as [
    [string, { Properties: { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[] } }],
  ];
  const key = deployment.Properties.SourceObjectKeys[0]?.replace(/\.zip$/, '') ?? '';
  const file = readFileSync(path.join(app.outdir, `asset.${key}`, 'config.json'), 'utf8');
  const markers = deployment.Properties.SourceMarkers[0] ?? {};
  const body = JSON.parse(file) as Record<string, unknown>;
  // A token became a marker ("https://<<marker:0xbaba:7>>.auth…"); write the CFN value it stands for in its place.
  for (const [field, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    body[field] =
      value in markers
        ? markers[value]
        : value.replace(/<<marker:0xbaba:\d+>>/g, (marker) => `{${JSON.stringify(markers[marker])}}`);
  }
  return { body, markers };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('sign-in: the user pool domain', () => {
  it('gives the pool a managed-login prefix domain named for the stage and account', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['fleetops-dev-', { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
      UserPoolId: Match.anyValue(),
    });
    // Managed login shows a page only for a client with a branding style.
    stateful.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      ClientId: Match.anyValue(),
    });
  });
});

describe('sign-in: the web client', () => {
  const [[, client]] = resourcesOf(stateful, 'AWS::Cognito::UserPoolClient') as [
    [string, { Properties: Record<string, unknown> }],
  ];
  const props = client.Properties;

  it('is public and runs the authorization-code flow only: no implicit grant, no client credentials, no password flows', () => {
    expect(props.GenerateSecret).toBe(false);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('sends users back to the CloudFront domain: /auth/callback after sign-in, / after sign-out', () => {
    const onCloudFront = (suffix: string) => [
      { 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': Match.stringLikeRegexp(cloudFrontDomainExport) }, suffix]] },
    ];
    expect(Match.exact(onCloudFront('/auth/callback')).test(props.CallbackURLs).isSuccess).toBe(true);
    expect(Match.exact(onCloudFront('/')).test(props.LogoutURLs).isSuccess).toBe(true);
  });

  it('hides whether a user exists, lets sign-out revoke, and bounds token lifetimes', () => {
    expect(props).toMatchObject({
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 43_200,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      AuthSessionValidity: 3,
    });
  });

  it('is still the JWT authorizer’s audience', () => {
    dev.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('WebClient') })] },
    });
  });
});

describe('partner OAuth2: the resource server and who may create app clients (ADR 0113)', () => {
  it('puts a resource server with exactly the partner API scopes on the stage user pool', () => {
    const servers = resourcesOf(stateful, 'AWS::Cognito::UserPoolResourceServer');
    const [poolId] = resourcesOf(stateful, 'AWS::Cognito::UserPool')[0] ?? [];

    expect(servers).toHaveLength(1);
    expect(servers[0]?.[1].Properties).toMatchObject({
      Identifier: 'fleetops',
      UserPoolId: { Ref: poolId },
      Scopes: API_SCOPES.map((scope) => ({ ScopeName: scope, ScopeDescription: `fleetops partner API: ${scope}` })),
    });
  });

  it('lets only the oauthClients function create and delete app clients, on that pool, and nothing else of it', () => {
    const integrations = dev.templates.modules.get('integrations') as Template;
    const policies = [...dev.all.values()].flatMap((template) =>
      resourcesOf(template, 'AWS::IAM::Policy').map(([id, policy]) => ({ id, policy: JSON.stringify(policy) })),
    );
    const granting = policies.filter((entry) => entry.policy.includes('cognito-idp:'));

    expect(granting).toHaveLength(1);
    expect(granting[0]?.id).toMatch(/^OauthClients/);
    integrations.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
            Effect: 'Allow',
            Resource: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UserPool') }),
          },
        ]),
      },
    });
    integrations.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UserPool') }),
        }),
      },
    });
  });

  it("gives the OpenAPI function the user pool domain's absolute token URL (OAUTH_TOKEN_URL, ADR 0122), and no grant", () => {
    const integrations = dev.templates.modules.get('integrations') as Template;
    const openApi = resourcesOf(integrations, 'AWS::Lambda::Function').find(([id]) => id.startsWith('OpenApi'));
    const variables = (openApi?.[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } })
      .Properties.Environment.Variables;
    const tokenUrl = JSON.stringify(variables.OAUTH_TOKEN_URL);

    expect(tokenUrl).toMatch(/^\{"Fn::Join":/);
    expect(tokenUrl).toContain('https://');
    expect(tokenUrl).toMatch(/\/oauth2\/token"\]\]\}$/);
    expect(Object.keys(variables)).not.toContain('USER_POOL_ID');
  });
});

describe('sign-in: config.json', () => {
  const webConfig = dev.templates.webConfig;

  it('is deployed into the site bucket by the last stack, without pruning the site, and invalidated alone', () => {
    webConfig.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { 'Fn::ImportValue': 'fleetops-dev-web-site-bucket' },
      DistributionId: { 'Fn::ImportValue': 'fleetops-dev-web-distribution-id' },
      DistributionPaths: ['/config.json'],
      Prune: false,
    });
    // The site's own deployment leaves config.json alone when it prunes.
    dev.templates.web.hasResourceProperties('Custom::CDKBucketDeployment', { Prune: true, Exclude: ['config.json'] });
    expect(dev.stacks.webConfig.dependencies).toEqual(expect.arrayContaining([dev.stacks.web, dev.stacks.api]));
    expect(dev.stacks.stateful.dependencies).toContain(dev.stacks.web);
  });

  it('carries the region, the user pool domain, the client id and the redirect and sign-out URIs', () => {
    const { body } = deployedJson(dev.app, webConfig);
    expect(Object.keys(body).sort()).toEqual(
      [
        'httpApiUrl',
        'logoutUri',
        'redirectUri',
        'region',
        'stage',
        'userPoolClientId',
        'userPoolDomain',
        'userPoolId',
        'webSocketUrl',
      ].sort(),
    );
    expect(body.stage).toBe('dev');
    expect(body.region).toEqual({ Ref: 'AWS::Region' });
    expect(JSON.stringify(body.userPoolClientId)).toMatch(/ImportValue.*WebClient/);
    expect(body.userPoolDomain).toMatch(
      /^https:\/\/\{\{"Fn::ImportValue":"[^"]*UserPoolDomain[^"]*"\}\}\.auth\.\{\{"Ref":"AWS::Region"\}\}\.amazoncognito\.com$/,
    );
    const cloudFront = `https://{{"Fn::ImportValue":"fleetops-dev-web:ExportsOutputFnGetAtt${logicalIdOf(dev.stacks.web.distribution)}DomainName`;
    expect(body.redirectUri).toMatch(new RegExp(`^${escapeRegExp(cloudFront)}[0-9A-F]+"}}/auth/callback$`));
    expect(body.logoutUri).toMatch(new RegExp(`^${escapeRegExp(cloudFront)}[0-9A-F]+"}}/$`));
  });
});

describe('sign-in: CORS of the HTTP API', () => {
  it('allows every header the PWA sends, the offline queue’s Idempotency-Key among them', () => {
    dev.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        // API Gateway compares header names case-insensitively; the PWA sends these three.
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'idempotency-key']),
        AllowMethods: Match.arrayWith(['GET', 'POST']),
      }),
    });
  });
});

describe('sign-in: custom domains', () => {
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';
  const stacks = addFleetOpsStacks(app, {
    ...stageConfig('dev'),
    corsAllowOrigins: ['https://app.fleetops.test'],
    webDomain: { domainName: 'app.fleetops.test', certificateArn: certificate },
    identityDomain: { domainName: 'login.fleetops.test', certificateArn: certificate },
  });
  app.synth();
  const template = Template.fromStack(stacks.stateful);

  it('uses the identity domain for managed login and lists both web origins on the client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'login.fleetops.test',
      CustomDomainConfig: { CertificateArn: certificate },
    });
    const [[, client]] = resourcesOf(template, 'AWS::Cognito::UserPoolClient') as [
      [string, { Properties: { CallbackURLs: unknown[]; LogoutURLs: unknown[] } }],
    ];
    expect(client.Properties.CallbackURLs[0]).toBe('https://app.fleetops.test/auth/callback');
    expect(client.Properties.LogoutURLs[0]).toBe('https://app.fleetops.test/');
    expect(client.Properties.CallbackURLs).toHaveLength(2);
    expect(stacks.webConfig.resolve(stacks.webConfig.runtimeConfig)).toMatchObject({
      userPoolDomain: 'https://login.fleetops.test',
      redirectUri: 'https://app.fleetops.test/auth/callback',
      logoutUri: 'https://app.fleetops.test/',
    });
    const csp = JSON.stringify(resourcesOf(Template.fromStack(stacks.web), 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).toContain('https://login.fleetops.test');
  });

  it('rejects an identity domain certificate outside us-east-1', () => {
    const bad = new App({ context: testContext() });
    expect(() =>
      addFleetOpsStacks(bad, {
        ...stageConfig('dev'),
        identityDomain: {
          domainName: 'login.fleetops.test',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        },
      }),
    ).toThrow(/identityDomain.certificateArn must be an ACM certificate in us-east-1/);
  });
});
