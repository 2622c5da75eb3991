import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '../../functions/platform/wiring/roles.js';
import { acknowledgeNag } from './nag.js';
import { pascalCase } from './naming.js';

/** Props of {@link FleetIdentity}. */
export interface FleetIdentityProps {
  readonly removalPolicy: RemovalPolicy;
  /** Cognito Plus feature plan with full threat protection. @default false */
  readonly threatProtection?: boolean;
  /** Require TOTP MFA for every user. @default false (optional MFA) */
  readonly mfaRequired?: boolean;
}

/**
 * Who may sign in (C1). One Cognito user pool; the six roles are groups, so ID tokens carry
 * `cognito:groups`; the tenant is the immutable custom attribute `tenantId`, so ID tokens carry
 * `custom:tenantId` and no user can move to another tenant. Users are created by tenant admins,
 * never by self sign-up. See ADR 0011.
 */
export class FleetIdentity extends Construct {
  public readonly userPool: UserPool;
  /** The PWA's client: public (no secret), SRP sign-in, the audience of the JWT authorizer. */
  public readonly webClient: UserPoolClient;
  public readonly groups: Readonly<Record<Role, UserPoolGroup>>;
  /** `https://cognito-idp.{region}.amazonaws.com/{poolId}`, the `iss` of its tokens. */
  public readonly issuerUrl: string;
  public readonly jwksUrl: string;

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

    const standard = { email: true, emailVerified: true, givenName: true, familyName: true, phoneNumber: true };
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes().withStandardAttributes(standard).withCustomAttributes('tenantId'),
      // tenantId is not writable by the client: the tenant comes from the admin who created the user.
      writeAttributes: new ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
    this.jwksUrl = `${this.issuerUrl}/.well-known/jwks.json`;
  }
}
