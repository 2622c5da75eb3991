import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  type CfnUserPoolClient,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolGroup,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { API_SCOPES } from '../../functions/modules/integrations/domain/api-key.js';
import { OAUTH_RESOURCE_SERVER } from '../../functions/modules/integrations/domain/oauth-client.js';
import { ROLES, type Role } from '../../functions/platform/wiring/roles.js';
import { CALLBACK_PATH, OAUTH_SCOPES, SIGNED_OUT_PATH } from '../../web/src/auth/oauth-settings.js';
import type { CustomDomain } from '../config/stages.js';
import { acknowledgeNag } from './nag.js';
import { pascalCase } from './naming.js';

/** Props of {@link FleetIdentity}. */
export interface FleetIdentityProps {
  readonly removalPolicy: RemovalPolicy;
  /** Cognito Plus feature plan with full threat protection. @default false */
  readonly threatProtection?: boolean;
  /** Require TOTP MFA for every user. @default false (optional MFA) */
  readonly mfaRequired?: boolean;
  /** The stage name: part of the managed-login domain prefix. */
  readonly stage: string;
  /**
   * The PWA's origins (`https://host`): the CloudFront domain and the custom domain, if any. Each
   * gets `{origin}/auth/callback` as a callback URL and `{origin}/` as a sign-out URL.
   */
  readonly webOrigins: readonly string[];
  /**
   * A custom domain for managed login (its certificate in us-east-1, as Cognito requires).
   * @default - the prefix domain `fleetops-{stage}-{account}.auth.{region}.amazoncognito.com`
   */
  readonly customDomain?: CustomDomain;
  /** Lifetime of ID and access tokens; the PWA renews 5 minutes before the end. @default 1 hour */
  readonly tokenValidity?: Duration;
  /** Lifetime of a refresh token: how long an installed app stays signed in unused. @default 30 days */
  readonly refreshTokenValidity?: Duration;
}

/** The OAuth scopes of the web client, as CDK names them (the app asks for the same, oauth-settings.ts). */
const SCOPES: Readonly<Record<(typeof OAUTH_SCOPES)[number], OAuthScope>> = {
  openid: OAuthScope.OPENID,
  email: OAuthScope.EMAIL,
  profile: OAuthScope.PROFILE,
};

/**
 * Who may sign in (C1). One Cognito user pool; the six roles are groups, so ID tokens carry
 * `cognito:groups`; the tenant is the immutable custom attribute `tenantId`, so ID tokens carry
 * `custom:tenantId` and no user can move to another tenant. Users are created by tenant admins,
 * never by self sign-up. See ADR 0011.
 */
export class FleetIdentity extends Construct {
  public readonly userPool: UserPool;
  /**
   * The PWA's client: public (no secret), authorization code grant only (the app always sends
   * PKCE S256), managed login as its only sign-in, the audience of the JWT authorizer.
   */
  public readonly webClient: UserPoolClient;
  /** The managed-login domain (prefix or custom). */
  public readonly domain: UserPoolDomain;
  /** `https://{domain}`: what config.json's `userPoolDomain` carries. */
  public readonly domainUrl: string;
  public readonly groups: Readonly<Record<Role, UserPoolGroup>>;
  /** `https://cognito-idp.{region}.amazonaws.com/{poolId}`, the `iss` of its tokens. */
  public readonly issuerUrl: string;
  public readonly jwksUrl: string;
  /**
   * The partner API's resource server (`fleetops`) with one custom scope per API scope: partner app
   * clients (client credentials, created by POST /v1/oauth-clients) get tokens for them (ADR 0113).
   */
  public readonly partnerApi: UserPoolResourceServer;

  constructor(scope: Construct, id: string, props: FleetIdentityProps) {
    super(scope, id);
    const threatProtection = props.threatProtection ?? false;

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      customAttributes: { tenantId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfaRequired ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: threatProtection ? StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
    if (!threatProtection) {
      acknowledgeNag(
        this.userPool,
        'AwsSolutions-COG8',
        'Plus-tier threat protection is enabled in prod only (stage config).',
      );
    }
    if (!props.mfaRequired) {
      acknowledgeNag(
        this.userPool,
        'AwsSolutions-COG2',
        'TOTP MFA is offered to every user and required in prod (stage config); dev users are test accounts.',
      );
    }

    const groups: Partial<Record<Role, UserPoolGroup>> = {};
    for (const [precedence, role] of ROLES.entries()) {
      groups[role] = new UserPoolGroup(this, `${pascalCase(role)}Group`, {
        userPool: this.userPool,
        groupName: role,
        description: `fleetops role ${role}`,
        precedence,
      });
    }
    this.groups = groups as Record<Role, UserPoolGroup>;

    if (props.webOrigins.length === 0) throw new Error('FleetIdentity: webOrigins is empty; no one could sign in');
    for (const origin of props.webOrigins) {
      // Tokens of the CloudFront domain arrive here unresolved; literal origins are checked.
      if (!origin.includes('${Token') && !/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin)) {
        throw new Error(`FleetIdentity: web origin '${origin}' is not an https://host[:port] origin`);
      }
    }

    // Managed login (the newer hosted UI). A prefix domain is unique per region across AWS, hence
    // the account in it; Cognito forbids "aws", "amazon" and "cognito" in prefixes, which these avoid.
    this.domain = this.userPool.addDomain('Domain', {
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      ...(props.customDomain
        ? {
            customDomain: {
              domainName: props.customDomain.domainName,
              certificate: Certificate.fromCertificateArn(this, 'DomainCertificate', props.customDomain.certificateArn),
            },
          }
        : { cognitoDomain: { domainPrefix: `fleetops-${props.stage}-${Stack.of(this).account}` } }),
    });
    // A custom domain is known at synth time; the prefix domain's URL is built from its reference.
    this.domainUrl = props.customDomain ? `https://${props.customDomain.domainName}` : this.domain.baseUrl();

    const standard = { email: true, emailVerified: true, givenName: true, familyName: true, phoneNumber: true };
    const tokenValidity = props.tokenValidity ?? Duration.hours(1);
    this.webClient = this.userPool.addClient('WebClient', {
      // A browser cannot keep a secret: a public client, and PKCE is what binds a code to its tab.
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: OAUTH_SCOPES.map((scope) => SCOPES[scope]),
        callbackUrls: props.webOrigins.map((origin) => `${origin}${CALLBACK_PATH}`),
        logoutUrls: props.webOrigins.map((origin) => `${origin}${SIGNED_OUT_PATH}`),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // /oauth2/revoke on sign-out ends the refresh token and every token issued from it.
      enableTokenRevocation: true,
      idTokenValidity: tokenValidity,
      accessTokenValidity: tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
      // The managed-login session that turns a sign-in into a code: short, it is one page visit.
      authSessionValidity: Duration.minutes(3),
      readAttributes: new ClientAttributes().withStandardAttributes(standard).withCustomAttributes('tenantId'),
      // tenantId is not writable by the client: the tenant comes from the admin who created the user.
      writeAttributes: new ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });
    // Only managed login signs users in: no SRP or password flow on this client, only refresh
    // (CDK's authFlows cannot express "none", and leaving it out gets Cognito's default of SRP + custom).
    (this.webClient.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];

    // Managed login shows a page only for clients with a branding style: Cognito's own look.
    const branding = new CfnManagedLoginBranding(this, 'WebClientBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.domain);

    this.partnerApi = this.userPool.addResourceServer('PartnerApi', {
      identifier: OAUTH_RESOURCE_SERVER,
      userPoolResourceServerName: 'fleetops partner API',
      scopes: API_SCOPES.map(
        (scope) => new ResourceServerScope({ scopeName: scope, scopeDescription: `fleetops partner API: ${scope}` }),
      ),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
    this.jwksUrl = `${this.issuerUrl}/.well-known/jwks.json`;
  }
}
