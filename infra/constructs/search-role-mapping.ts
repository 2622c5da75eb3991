import path from 'node:path';
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, Role } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag.js';
import { REPO_ROOT } from './repo-root.js';

/** Props of {@link SearchRoleMapping}. */
export interface SearchRoleMappingProps {
  /** Physical name of the mapping function; the admin role's log grant is scoped to it. */
  readonly functionName: string;
  /** ARN of the domain's fine-grained access control master role; the function runs as it. */
  readonly searchAdminRoleArn: string;
  /** `https://…` endpoint of the domain. */
  readonly endpoint: string;
  /** Roles of the functions bound with `search: true`. */
  readonly backendRoles: readonly IRole[];
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** @default the repository root */
  readonly projectRoot?: string;
}

/**
 * Maps the search-bound function roles to the `fleetops_service` OpenSearch role on every deploy
 * (ADR 0014). A Lambda-backed custom resource without the provider framework: one small function,
 * running as the master role, that answers CloudFormation itself.
 */
export class SearchRoleMapping extends Construct {
  public readonly function: NodejsFunction;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SearchRoleMappingProps) {
    super(scope, id);
    if (props.backendRoles.length === 0) throw new Error(`SearchRoleMapping ${id}: no backend roles to map`);
    if (!/^[a-z0-9-_]{1,64}$/.test(props.functionName)) {
      throw new Error(`SearchRoleMapping ${id}: invalid function name '${props.functionName}'`);
    }
    const projectRoot = props.projectRoot ?? REPO_ROOT;
    const logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Maps fleetops function roles to the fleetops_service OpenSearch role (custom resource)',
      entry: path.join(projectRoot, 'infra', 'custom-resources', 'search-role-mapping.ts'),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(1),
      role: Role.fromRoleArn(this, 'SearchAdminRole', props.searchAdminRoleArn, { mutable: false }),
      logGroup,
      bundling: {
        minify: true,
        target: 'node22',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire as __fleetopsRequire } from 'node:module'; const require = __fleetopsRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
      },
    });
    acknowledgeNag(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22 is the platform runtime fixed by issue #2; this deploy-time function follows it.',
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::SearchRoleMapping',
      properties: { Endpoint: props.endpoint, BackendRoles: props.backendRoles.map((role) => role.roleArn) },
    });
  }
}
