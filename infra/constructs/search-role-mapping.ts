import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ArnFormat, CustomResource, Duration, type RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { assertIndexPatterns, DEFAULT_INDEX_PATTERNS } from '../custom-resources/search-service-role.js';
import { acknowledgeNag, nagResourceFinding } from './nag.js';
import { searchRoleMappingRoleName } from './naming.js';
import { REPO_ROOT } from './repo-root.js';

/** Props of {@link SearchRoleMapping}. */
export interface SearchRoleMappingProps {
  /**
   * Physical name of the mapping function; its execution role is named after it and the region
   * (`searchRoleMappingRoleName`), which is the one principal the master role trusts. At most 49
   * characters, so the role name fits IAM's 64.
   */
  readonly functionName: string;
  /** ARN of the domain's fine-grained access control master role; the function assumes it. */
  readonly searchAdminRoleArn: string;
  /** `https://…` endpoint of the domain. */
  readonly endpoint: string;
  /** Roles of the functions bound with `search: true`. */
  readonly backendRoles: readonly IRole[];
  /**
   * Index patterns the mapped roles may read, write and manage. Prefixes only (`fleetops-*`);
   * `*` and system indices are rejected.
   * @default ['fleetops-*'] — the search adapter's `fleetops-<collection>` indices
   */
  readonly indexPatterns?: readonly string[];
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /** @default the repository root */
  readonly projectRoot?: string;
}

/** Longest function name whose role name (`<name>-<region>`, regions up to 14 characters) fits IAM's 64. */
const MAX_FUNCTION_NAME = 49;

/**
 * Maps the search-bound function roles to the `fleetops_service` OpenSearch role (ADR 0014, 0050).
 * A Lambda-backed custom resource without the provider framework: one small function with its own
 * execution role, which assumes the master role for the security API calls and answers
 * CloudFormation itself. It runs again whenever its inputs change: the endpoint, the backend
 * roles, the master role, the index patterns, or the handler source (`HandlerHash`).
 */
export class SearchRoleMapping extends Construct {
  public readonly function: NodejsFunction;
  /** The function's execution role: the only principal the search master role trusts. */
  public readonly role: Role;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SearchRoleMappingProps) {
    super(scope, id);
    if (props.backendRoles.length === 0) throw new Error(`SearchRoleMapping ${id}: no backend roles to map`);
    if (!/^[a-z0-9-_]{1,64}$/.test(props.functionName) || props.functionName.length > MAX_FUNCTION_NAME) {
      throw new Error(
        `SearchRoleMapping ${id}: invalid function name '${props.functionName}' ` +
          `(lower-case letters, digits, - and _, at most ${MAX_FUNCTION_NAME} characters)`,
      );
    }
    const indexPatterns = props.indexPatterns ?? DEFAULT_INDEX_PATTERNS;
    try {
      assertIndexPatterns(indexPatterns);
    } catch (error) {
      throw new Error(`SearchRoleMapping ${id}: ${(error as Error).message}`);
    }
    if (Token.isUnresolved(props.searchAdminRoleArn) === false && !props.searchAdminRoleArn.startsWith('arn:')) {
      throw new Error(
        `SearchRoleMapping ${id}: searchAdminRoleArn must be a role ARN, got '${props.searchAdminRoleArn}'`,
      );
    }
    const projectRoot = props.projectRoot ?? REPO_ROOT;
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // A fixed name, so the stateful stack (deployed first) can trust exactly this role by ARN.
    this.role = new Role(this, 'ExecutionRole', {
      roleName: searchRoleMappingRoleName(props.functionName, stack.region),
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'fleetops search role mapping: writes its logs, assumes the search master role',
    });
    const logStreams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroup.logGroupName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logStreams] }),
    );
    this.role.addToPolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.searchAdminRoleArn] }));
    acknowledgeNag(this.role, 'AwsSolutions-IAM5', 'Log streams of the mapping function are created at run time.', [
      nagResourceFinding(this, logStreams),
    ]);

    const entry = path.join(projectRoot, 'infra', 'custom-resources', 'search-role-mapping.ts');
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Maps fleetops function roles to the fleetops_service OpenSearch role (custom resource)',
      entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(1),
      role: this.role,
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
      properties: {
        Endpoint: props.endpoint,
        BackendRoles: props.backendRoles.map((role) => role.roleArn),
        MasterRoleArn: props.searchAdminRoleArn,
        IndexPatterns: [...indexPatterns],
        // CloudFormation calls a custom resource only when a property changes; a changed role
        // definition or mapping logic lives in the handler source, so its hash is a property too.
        HandlerHash: handlerHash(path.dirname(entry)),
      },
    });
  }
}

/** Hash of the handler, the role definition it applies and the transport it sends them with. */
function handlerHash(dir: string): string {
  const hash = createHash('sha256');
  const files = [
    path.join(dir, 'search-role-mapping.ts'),
    path.join(dir, 'search-service-role.ts'),
    path.join(dir, '..', '..', 'functions', 'platform', 'clients', 'opensearch.ts'),
  ];
  for (const file of files) {
    hash.update(`${path.basename(file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}
