import { Aws, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { nagResourceFinding } from '../constructs/nag.js';
import { RUNTIME_CONFIG_KEY, suppressDeploymentHandler, type WebRuntimeConfig, type WebStack } from './web-stack.js';

/** config.json as deployed in AWS: every sign-in field set. */
export type DeployedRuntimeConfig = Required<Omit<WebRuntimeConfig, 'devTokenUrl'>>;

/** Props of {@link WebConfigStack}. */
export interface WebConfigStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stack whose bucket and distribution serve the PWA. */
  readonly web: WebStack;
  /** Values written to `config.json` (tokens from the API and stateful stacks). */
  readonly runtimeConfig: Omit<DeployedRuntimeConfig, 'stage' | 'region'>;
}

/**
 * `config.json` of the PWA, deployed last: it names the API stack's URLs and the stateful stack's
 * user pool, domain and client, which themselves need the web stack's CloudFront domain (the
 * sign-in callback), so it cannot live in the web stack (ADR 0090).
 */
export class WebConfigStack extends Stack {
  /** What the deployment writes (with tokens resolved at deploy time). */
  public readonly runtimeConfig: DeployedRuntimeConfig;

  constructor(scope: Construct, id: string, props: WebConfigStackProps) {
    super(scope, id, props);
    this.runtimeConfig = { stage: props.config.stage, region: Aws.REGION, ...props.runtimeConfig };
    const { web } = props;
    // Imported by export name: the web stack must not depend on this one, and this stack's
    // grants then name the bucket in plain text.
    const bucket = Bucket.fromBucketName(this, 'SiteBucket', Fn.importValue(web.exportNames.bucketName));
    const distribution = Distribution.fromDistributionAttributes(this, 'Distribution', {
      distributionId: Fn.importValue(web.exportNames.distributionId),
      domainName: web.distribution.distributionDomainName,
    });
    this.addStackDependency(web);
    new BucketDeployment(this, 'DeployRuntimeConfig', {
      sources: [Source.jsonData(RUNTIME_CONFIG_KEY, this.runtimeConfig)],
      destinationBucket: bucket,
      // Only this one object: never prune the site the web stack deployed.
      prune: false,
      distribution,
      distributionPaths: [`/${RUNTIME_CONFIG_KEY}`],
      memoryLimit: 256,
    });
    suppressDeploymentHandler(this, [nagResourceFinding(this, `${bucket.bucketArn}/*`)]);
  }
}
