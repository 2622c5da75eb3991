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
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { acknowledgeNag, logicalIdOf } from '../constructs/nag.js';
import { REPO_ROOT } from '../constructs/repo-root.js';

/** What the PWA reads from `/config.json` at start-up; the only place it learns where the APIs are. */
export interface WebRuntimeConfig {
  readonly stage: string;
  readonly region: string;
  readonly httpApiUrl: string;
  readonly webSocketUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /**
   * Base URL of the user pool's managed-login domain (`https://….auth.{region}.amazoncognito.com`):
   * with the client id, what the PWA's authorization-code + PKCE sign-in needs (ADR 0050).
   */
  readonly userPoolDomain?: string;
}

/** Props of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** Values written to `config.json` (usually tokens from the API and stateful stacks). */
  readonly runtimeConfig: Omit<WebRuntimeConfig, 'stage' | 'region'>;
  /** The built PWA. @default `web/dist` in the repository (built by `npm run web:build`); absent → only config.json is deployed */
  readonly siteDir?: string;
}

/**
 * The PWA (C16): a private S3 bucket behind CloudFront with origin access control, strict security
 * headers, SPA fallback to index.html, and a `config.json` carrying the API URLs and user pool.
 */
export class WebStack extends Stack {
  public readonly bucket: Bucket;
  public readonly logsBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly originAccessControl: S3OriginAccessControl;

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
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(), override: true },
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

    const runtimeConfig: WebRuntimeConfig = { stage: config.stage, region: Aws.REGION, ...props.runtimeConfig };
    const sources: ISource[] = [];
    if (existsSync(siteDir)) sources.push(Source.asset(siteDir));
    else Annotations.of(this).addWarningV2('fleetops:web-missing', `No PWA at ${siteDir}: deploying config.json only`);
    sources.push(Source.jsonData('config.json', runtimeConfig));
    new BucketDeployment(this, 'DeploySite', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.suppressDeploymentHandler();

    new CfnOutput(this, 'WebUrl', {
      value: domain ? `https://${domain.domainName}` : `https://${this.distribution.distributionDomainName}`,
    });
  }

  /** The BucketDeployment handler is CDK's own singleton; its shape is not ours to change. */
  private suppressDeploymentHandler(): void {
    const reason = 'CDK BucketDeployment handler (a CDK-managed singleton that runs only during deployment)';
    const handler = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('WebStack: the BucketDeployment handler was not found');
    acknowledgeNag(handler, 'AwsSolutions-L1', `${reason}: its Python runtime is chosen by aws-cdk-lib.`);
    acknowledgeNag(handler, 'AwsSolutions-IAM4', `${reason}: uses AWSLambdaBasicExecutionRole for its logs.`, [
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    acknowledgeNag(
      handler,
      'AwsSolutions-IAM5',
      `${reason}: copies and prunes objects of the asset and site buckets.`,
      [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::<${logicalIdOf(this.bucket)}.Arn>/*`,
        'Resource::*',
      ],
    );
  }
}

/**
 * Same-origin app shell; it talks to the execute-api endpoints (HTTPS and WSS) and Cognito of this
 * region only. No inline scripts, no framing, no plugins.
 */
function contentSecurityPolicy(): string {
  const region = Aws.REGION;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' https://*.execute-api.${region}.amazonaws.com wss://*.execute-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com https://*.auth.${region}.amazoncognito.com`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}
