import { ArnFormat, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { EbsDeviceVolumeType } from 'aws-cdk-lib/aws-ec2';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, ResourcePolicy } from 'aws-cdk-lib/aws-logs';
import { type CfnDomain, Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import type { TableDefinition } from '../../functions/platform/wiring/tables.js';
import type { StageConfig } from '../config/stages.js';
import { FleetIdentity } from '../constructs/fleet-identity.js';
import { acknowledgeNag, nagResourceFinding } from '../constructs/nag.js';
import {
  pascalCase,
  physicalName,
  searchRoleMappingFunctionName,
  searchRoleMappingRoleName,
} from '../constructs/naming.js';

/** Props of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * The PWA's origins (`https://{CloudFront domain}` and the custom domain): the sign-in callback
   * and sign-out URLs of the web client. The web stack comes first so its domain is known here.
   */
  readonly webOrigins: readonly string[];
}

/**
 * Everything that holds data and must outlive a redeploy of the functions (ADR 0010): tables,
 * keys, the event bus and its archive, SNS topics, the search domain and the user pool.
 * Nothing here depends on the API stack, so the API stack can be replaced freely; the user pool's
 * web client reads the CloudFront domain of the web stack (ADR 0090).
 */
export class StatefulStack extends Stack {
  /** Encrypts data at rest: tables, their streams, the search domain. */
  public readonly storageKey: Key;
  /** Field-level encryption of secrets and personal data (functions with a cipher binding). */
  public readonly fieldKey: Key;
  /** Encrypts the SNS topics; CloudWatch and EventBridge may use it to publish. */
  public readonly messagingKey: Key;
  /** One table per entry of `TABLE_LIST`, by id. */
  public readonly tables: Readonly<Record<string, Table>>;
  public readonly eventBus: EventBus;
  public readonly eventArchive: Archive;
  /** Where the observability stack's alarms go. */
  public readonly opsTopic: Topic;
  /** Fan-out of alert notifications (e-mail digests and other subscribers). */
  public readonly alertNotificationsTopic: Topic;
  public readonly searchDomain: Domain;
  /** The fine-grained access control master user: an IAM role operators assume to administer search. */
  public readonly searchAdminRole: Role;
  public readonly identity: FleetIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.removalPolicy;
    const retained = removalPolicy === RemovalPolicy.RETAIN;

    this.storageKey = new Key(this, 'StorageKey', {
      description: `fleetops ${config.stage}: tables, streams and search at rest`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.fieldKey = new Key(this, 'FieldKey', {
      description: `fleetops ${config.stage}: field-level encryption of personal data`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.messagingKey = new Key(this, 'MessagingKey', {
      description: `fleetops ${config.stage}: SNS topics`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // Alarms (CloudWatch) and rules (EventBridge) publish to encrypted topics only with the key.
    this.messagingKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowServicesToPublishToEncryptedTopics',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com'), new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const tables: Record<string, Table> = {};
    for (const def of TABLE_LIST) tables[def.id] = this.createTable(def, config.stage, removalPolicy, retained);
    this.tables = tables;

    this.eventBus = new EventBus(this, 'EventBus', { description: `fleetops ${config.stage} domain events` });
    this.eventArchive = this.eventBus.archive('EventArchive', {
      description: 'Every fleetops event, for replay after a consumer bug or outage',
      eventPattern: { account: [this.account] },
      retention: Duration.days(config.eventArchiveRetentionDays),
    });
    // The archive is the only way to replay events after a consumer bug (ADR 0013): it is state, so
    // it follows the stage's removal policy (retained in prod) instead of CloudFormation's delete.
    this.eventArchive.applyRemovalPolicy(removalPolicy);

    this.opsTopic = new Topic(this, 'OpsAlarmsTopic', {
      displayName: `fleetops ${config.stage} ops alarms`,
      masterKey: this.messagingKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy, which replaces SNS's default owner-only one: without an
    // Allow for CloudWatch, alarm actions cannot publish. Scoped to this account's alarms in this
    // region (confused-deputy protection; the observability stack's alarm names are generated).
    this.opsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const email of config.alarmEmails) this.opsTopic.addSubscription(new EmailSubscription(email));
    this.alertNotificationsTopic = new Topic(this, 'AlertNotificationsTopic', {
      displayName: `fleetops ${config.stage} alert notifications`,
      masterKey: this.messagingKey,
      enforceSSL: true,
    });

    // Only the role-mapping function's execution role may assume the master role (ADR 0050). That
    // role lives in the API stack, deployed after this one, so it is named by ARN in a condition on
    // the account principal: IAM would reject a role principal that does not exist yet, and would
    // silently turn it into a stale unique id if the role were ever recreated.
    const mappingRoleArn = this.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: searchRoleMappingRoleName(searchRoleMappingFunctionName(config.stage), this.region),
    });
    this.searchAdminRole = new Role(this, 'SearchAdminRole', {
      assumedBy: new AccountRootPrincipal().withConditions({ ArnEquals: { 'aws:PrincipalArn': mappingRoleArn } }),
      description: 'OpenSearch fine-grained access control master user (ADR 0014, 0050)',
    });
    this.searchDomain = this.createSearchDomain(config, removalPolicy);
    this.grantSearchAdmin();

    this.identity = new FleetIdentity(this, 'Identity', {
      removalPolicy,
      threatProtection: config.cognitoThreatProtection,
      mfaRequired: config.mfaRequired,
      stage: config.stage,
      webOrigins: props.webOrigins,
      customDomain: config.identityDomain,
    });
  }

  /** The master role may call this domain and nothing else (the mapping function writes its own logs). */
  private grantSearchAdmin(): void {
    const domainResources = `${this.searchDomain.domainArn}/*`;
    this.searchAdminRole.addToPolicy(
      new PolicyStatement({
        actions: [
          'es:ESHttpGet',
          'es:ESHttpPut',
          'es:ESHttpPost',
          'es:ESHttpDelete',
          'es:ESHttpPatch',
          'es:ESHttpHead',
        ],
        resources: [this.searchDomain.domainArn, domainResources],
      }),
    );
    acknowledgeNag(
      this.searchAdminRole,
      'AwsSolutions-IAM5',
      'The search admin administers every index of this one domain (security API, role mapping).',
      [nagResourceFinding(this, domainResources)],
    );
  }

  private createTable(def: TableDefinition, stage: string, removalPolicy: RemovalPolicy, retained: boolean): Table {
    const table = new Table(this, `${pascalCase(def.id)}Table`, {
      tableName: physicalName(stage, def.id),
      partitionKey: { name: def.partitionKey.name, type: attributeType(def.partitionKey.type) },
      sortKey: def.sortKey ? { name: def.sortKey.name, type: attributeType(def.sortKey.type) } : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.storageKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: def.timeToLiveAttribute,
      stream: def.stream ? StreamViewType[def.stream] : undefined,
      deletionProtection: retained,
      removalPolicy,
    });
    for (const index of def.globalSecondaryIndexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        sortKey: index.sortKey ? { name: index.sortKey.name, type: attributeType(index.sortKey.type) } : undefined,
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }

  private createSearchDomain(config: StageConfig, removalPolicy: RemovalPolicy): Domain {
    const sizing = config.search;
    if (sizing.dataNodes < 1) throw new Error(`search.dataNodes must be at least 1, got ${sizing.dataNodes}`);
    if (sizing.availabilityZones > 1 && sizing.dataNodes % sizing.availabilityZones !== 0) {
      throw new Error(
        `search.dataNodes (${sizing.dataNodes}) must be a multiple of search.availabilityZones (${sizing.availabilityZones})`,
      );
    }
    const logGroups = {
      slowSearch: new LogGroup(this, 'SearchSlowSearchLogs', { retention: config.logRetention, removalPolicy }),
      slowIndex: new LogGroup(this, 'SearchSlowIndexLogs', { retention: config.logRetention, removalPolicy }),
      app: new LogGroup(this, 'SearchAppLogs', { retention: config.logRetention, removalPolicy }),
      audit: new LogGroup(this, 'SearchAuditLogs', { retention: config.logRetention, removalPolicy }),
    };
    // A native AWS::Logs::ResourcePolicy instead of CDK's custom-resource Lambda for the same thing.
    const logsPolicy = new ResourcePolicy(this, 'SearchLogsPolicy', {
      policyStatements: [
        new PolicyStatement({
          principals: [new ServicePrincipal('es.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: Object.values(logGroups).map((group) => group.logGroupArn),
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      ],
    });
    const domainName = physicalName(config.stage, 'search');
    const domain = new Domain(this, 'SearchDomain', {
      domainName,
      version: EngineVersion.OPENSEARCH_2_19,
      capacity: {
        dataNodeInstanceType: sizing.dataNodeInstanceType,
        dataNodes: sizing.dataNodes,
        masterNodeInstanceType: sizing.masterNodes?.instanceType,
        masterNodes: sizing.masterNodes?.count,
        multiAzWithStandbyEnabled: false,
      },
      // gp3: baseline 3000 IOPS / 125 MiB/s at any size, and cheaper per GiB than gp2.
      ebs: { volumeSize: sizing.volumeSizeGiB, volumeType: EbsDeviceVolumeType.GP3 },
      zoneAwareness:
        sizing.availabilityZones > 1
          ? { enabled: true, availabilityZoneCount: sizing.availabilityZones }
          : { enabled: false },
      encryptionAtRest: { enabled: true, kmsKey: this.storageKey },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2,
      fineGrainedAccessControl: { masterUserArn: this.searchAdminRole.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: logGroups.slowSearch,
        slowIndexLogEnabled: true,
        slowIndexLogGroup: logGroups.slowIndex,
        appLogEnabled: true,
        appLogGroup: logGroups.app,
        auditLogEnabled: true,
        auditLogGroup: logGroups.audit,
      },
      suppressLogsResourcePolicy: true,
      removalPolicy,
    });
    // suppressLogsResourcePolicy also drops the dependency CDK adds on its own policy. Without one
    // on ours, CloudFormation may create the domain first and fail with "Resource Access Policy
    // ... does not grant sufficient permissions" when log publishing is checked.
    domain.node.addDependency(logsPolicy);
    // Access is decided by IAM identity policies (the account root principal delegates to them)
    // and then by fine-grained access control. Set on the L1 resource with the ARN built from the
    // fixed domain name, so no custom resource is needed to break a self-reference.
    (domain.node.defaultChild as CfnDomain).accessPolicies = new PolicyDocument({
      statements: [
        new PolicyStatement({
          principals: [new AccountRootPrincipal()],
          actions: ['es:ESHttp*'],
          resources: [this.formatArn({ service: 'es', resource: 'domain', resourceName: `${domainName}/*` })],
        }),
      ],
    }).toJSON();

    const reasonNoVpc =
      'Lambda functions reach the domain over HTTPS with SigV4; every request is IAM-authorised and fine-grained ' +
      'access control maps roles. Keeping functions out of a VPC avoids NAT cost and cold-start latency (ADR 0014).';
    acknowledgeNag(domain, 'AwsSolutions-OS1', reasonNoVpc);
    acknowledgeNag(domain, 'AwsSolutions-OS3', reasonNoVpc);
    if (!sizing.masterNodes) {
      acknowledgeNag(
        domain,
        'AwsSolutions-OS4',
        `Dedicated master nodes are used in prod; ${config.stage} is one small node.`,
      );
    }
    if (sizing.availabilityZones === 1) {
      acknowledgeNag(domain, 'AwsSolutions-OS7', `Zone awareness is used in prod; ${config.stage} is one small node.`);
    }
    return domain;
  }
}

function attributeType(type: 'S' | 'N'): AttributeType {
  return type === 'S' ? AttributeType.STRING : AttributeType.NUMBER;
}
