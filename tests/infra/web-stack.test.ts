import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthesise } from './support/synth.js';

const { stacks, templates } = synthesise('dev');
const web = templates.web;

describe('web stack: bucket', () => {
  it('keeps the site bucket private, encrypted, TLS-only and access-logged', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3/' },
    });
    for (const [, bucket] of resourcesOf(web, 'AWS::S3::Bucket')) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toBeDefined();
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
    }
    const siteBucketId = stacks.web.resolve(stacks.web.bucket.bucketName).Ref as string;
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
  });
});

describe('web stack: CloudFront', () => {
  it('reads the bucket through origin access control', () => {
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: Match.anyValue() })],
      }),
    });
  });

  it('sends CSP, HSTS, nosniff, frame DENY and a referrer policy', () => {
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.anyValue(),
            Override: true,
          },
          StrictTransportSecurity: Match.objectLike({
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Override: true,
          }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      },
    });
    const csp = JSON.stringify(resourcesOf(web, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ResponseHeadersPolicyId: Match.anyValue(),
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
      }),
    });
  });

  it('serves index.html at the root and for client-side routes', () => {
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CustomErrorResponses: [
          Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
          Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });
});

describe('web stack: deployment', () => {
  it('deploys the built app and invalidates the cache, depending on no other stack', () => {
    web.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: Match.anyValue(),
      DistributionPaths: ['/*'],
      Exclude: ['config.json'],
    });
    expect(stacks.web.node.tryFindChild('DeploySite')).toBeDefined();
    // Nothing from the stateful or API stacks: the user pool client names this stack's domain.
    expect(JSON.stringify(web.toJSON())).not.toContain('Fn::ImportValue');
    expect(stacks.web.dependencies).toEqual([]);
  });
});

describe('web stack: account-global names carry the region', () => {
  // `${AWS::Region}` in an environment-agnostic stack: one stage in two regions of one account.
  const withRegion = (prefix: string, suffix: string) => ({
    'Fn::Join': ['', [prefix, { Ref: 'AWS::Region' }, suffix]],
  });

  it('names the response headers policy by stage and region', () => {
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({ Name: withRegion('fleetops-dev-', '-security-headers') }),
    });
  });

  it('names the one origin access control by stage and region, and the distribution uses it', () => {
    web.resourcePropertiesCountIs(
      'AWS::CloudFront::OriginAccessControl',
      { OriginAccessControlConfig: Match.objectLike({ Name: withRegion('fleetops-dev-', '-site') }) },
      1,
    );
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            OriginAccessControlId: {
              'Fn::GetAtt': [
                stacks.web.getLogicalId(stacks.web.originAccessControl.node.defaultChild as CfnElement),
                'Id',
              ],
            },
          }),
        ],
      }),
    });
  });
});
