import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { acknowledgeNag, logicalIdOf } from '../constructs/nag.js';
import { REPO_ROOT } from '../constructs/repo-root.js';

/**
 * What the PWA reads from `/config.json` at start-up: the only place it learns where the APIs are
 * and how users sign in. {@link WebConfigStack} deploys it with every field below set; the local
 * stack serves its twin without the Cognito fields. Mirrors web/src/config/runtime-config.ts.
 */
export interface WebRuntimeConfig {
  readonly stage: string;
  readonly region: string;
  readonly httpApiUrl: string;
  readonly webSocketUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** Base URL of managed login (`https://….auth.{region}.amazoncognito.com` or the custom domain). AWS only. */
  readonly userPoolDomain?: string;
  /** The callback URL registered on the web client for the PWA's main origin. AWS only. */
  readonly redirectUri?: string;
  /** The sign-out URL registered on the web client for the PWA's main origin. AWS only. */
  readonly logoutUri?: string;
}

/** Props of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** The built PWA. @default `web/dist` in the repository (built by `npm run web:build`); absent → only config.json is deployed */
  readonly siteDir?: string;
}

/**
 * The PWA (C16): a private S3 bucket behind CloudFront with origin access control, strict security
 * headers, SPA fallback to index.html, and the built app. It depends on no other stack, so the
 * user pool's web client can register its CloudFront domain as the sign-in callback; `config.json`
 * (API URLs, user pool) is deployed into the same bucket by `WebConfigStack` (ADR 0090).
 */
export class WebStack extends Stack {
  public readonly bucket: Bucket;
  public readonly logsBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly originAccessControl: S3OriginAccessControl;
  /** Where users open the PWA: the custom domain (when set) first, then the CloudFront domain. */
  public readonly origins: readonly string[];
  /** The CloudFormation exports that name the bucket and the distribution for WebConfigStack. */
  public readonly exportNames: WebExportNames;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;
    const destroy = config.removalPolicy === RemovalPolicy.DESTROY;
    const siteDir = props.siteDir ?? path.join(REPO_ROOT, 'web', 'dist');

    this.logsBucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.stage === 'prod' ? 365 : 30) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: destroy,
    });
    acknowledgeNag(
      this.logsBucket,
      'AwsSolutions-S1',
      'This is the access-log bucket; logging it into itself would loop.',
    );

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: destroy,
    });

    // CloudFront policies and origin access controls are account-global, not regional: the same
    // stage deployed in two regions of one account must not reuse a name (CDK's default is built
    // from the construct path, identical in both regions).
    const region = Aws.REGION;
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `fleetops-${config.stage}-${region}-security-headers`,
      comment: `fleetops ${config.stage} PWA security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(config), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    const domain = config.webDomain;
    if (domain && !/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(domain.certificateArn)) {
      throw new Error(
        `webDomain.certificateArn must be an ACM certificate in us-east-1 (CloudFront requires it), got '${domain.certificateArn}'`,
      );
    }
    this.originAccessControl = new S3OriginAccessControl(this, 'SiteOriginAccessControl', {
      originAccessControlName: `fleetops-${config.stage}-${region}-site`,
      description: `fleetops ${config.stage} PWA bucket, read by CloudFront only`,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `fleetops ${config.stage} PWA`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl: this.originAccessControl }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      // A client-side route (/alerts/123) is not an object: serve the app shell and let it route.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(10),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: domain ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      domainNames: domain ? [domain.domainName] : undefined,
      certificate: domain ? Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn) : undefined,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR1',
      'Fleets operate in many countries; no geographic restriction applies.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static app shell only; the APIs it calls are throttled at API Gateway. WAF is a follow-up (ADR 0015).',
    );
    if (!domain) {
      acknowledgeNag(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves its default certificate, which allows TLSv1.',
      );
    }

    if (existsSync(siteDir)) {
      new BucketDeployment(this, 'DeploySite', {
        sources: [Source.asset(siteDir)],
        destinationBucket: this.bucket,
        // config.json belongs to WebConfigStack: excluded, so pruning never deletes it.
        exclude: [RUNTIME_CONFIG_KEY],
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      suppressDeploymentHandler(this, [`Resource::<${logicalIdOf(this.bucket)}.Arn>/*`]);
    } else {
      Annotations.of(this).addWarningV2(
        'fleetops:web-missing',
        `No PWA at ${siteDir}: only config.json is deployed (WebConfigStack)`,
      );
    }

    this.origins = [
      ...(domain ? [`https://${domain.domainName}`] : []),
      `https://${this.distribution.distributionDomainName}`,
    ];
    new CfnOutput(this, 'WebUrl', { value: this.origins[0] as string });
    // Named exports that WebConfigStack imports by name, so its grants and nag findings are plain text.
    this.exportNames = webExportNames(config.stage);
    new CfnOutput(this, 'SiteBucketNameExport', {
      value: this.bucket.bucketName,
      exportName: this.exportNames.bucketName,
    });
    new CfnOutput(this, 'DistributionIdExport', {
      value: this.distribution.distributionId,
      exportName: this.exportNames.distributionId,
    });
  }
}

/** Export names of the web stack's bucket and distribution. */
export interface WebExportNames {
  readonly bucketName: string;
  readonly distributionId: string;
}

/** The web stack's export names of a stage (region-local, like every export). */
export function webExportNames(stage: string): WebExportNames {
  return { bucketName: `fleetops-${stage}-web-site-bucket`, distributionId: `fleetops-${stage}-web-distribution-id` };
}

/** The object key of the runtime configuration the PWA fetches at start-up. */
export const RUNTIME_CONFIG_KEY = 'config.json';

/**
 * The BucketDeployment handler is CDK's own singleton (one per stack); its shape is not ours to
 * change. `bucketResources` are the cdk-nag names of the destination bucket's objects.
 */
export function suppressDeploymentHandler(stack: Stack, bucketResources: readonly string[]): void {
  const reason = 'CDK BucketDeployment handler (a CDK-managed singleton that runs only during deployment)';
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error(`${stack.node.id}: the BucketDeployment handler was not found`);
  acknowledgeNag(handler, 'AwsSolutions-L1', `${reason}: its Python runtime is chosen by aws-cdk-lib.`);
  acknowledgeNag(handler, 'AwsSolutions-IAM4', `${reason}: uses AWSLambdaBasicExecutionRole for its logs.`, [
    'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  ]);
  acknowledgeNag(handler, 'AwsSolutions-IAM5', `${reason}: copies and prunes objects of the asset and site buckets.`, [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    ...bucketResources,
    'Resource::*',
  ]);
}

/**
 * Same-origin app shell; it talks to the execute-api endpoints (HTTPS and WSS) and Cognito of this
 * region only (managed login's token and revoke endpoints: the prefix domains, or the stage's
 * custom identity domain). No inline scripts, no framing, no plugins.
 */
function contentSecurityPolicy(config: StageConfig): string {
  const region = Aws.REGION;
  const identity = config.identityDomain ? ` https://${config.identityDomain.domainName}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' https://*.execute-api.${region}.amazonaws.com wss://*.execute-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com https://*.auth.${region}.amazoncognito.com${identity}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}
