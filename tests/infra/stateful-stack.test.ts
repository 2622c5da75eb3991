import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import { ROLES } from '../../functions/platform/wiring/roles.js';
import { stageConfig } from '../../infra/config/stages.js';
import { resourcesOf, synthesise } from './support/synth.js';

const { stacks, templates } = synthesise('dev');
const stateful = templates.stateful;
const prodStateful = synthesise('prod').templates.stateful;

describe('stateful stack: tables', () => {
  it('creates one table per definition, on demand, PITR on, encrypted with the customer-managed key', () => {
    // Assess
    const tables = resourcesOf(stateful, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(TABLE_LIST.length);
    for (const def of TABLE_LIST) {
      stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `fleetops-dev-${def.id}`,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageKey'), 'Arn'] },
        },
        KeySchema: Match.arrayWith([{ AttributeName: def.partitionKey.name, KeyType: 'HASH' }]),
      });
    }
  });

  it('sets the TTL attribute of every definition that has one', () => {
    for (const def of TABLE_LIST.filter((d) => d.timeToLiveAttribute)) {
      stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `fleetops-dev-${def.id}`,
        TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
      });
    }
  });

  it('enables streams only where a definition declares one, with its view type', () => {
    for (const def of TABLE_LIST) {
      stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `fleetops-dev-${def.id}`,
        StreamSpecification: def.stream ? { StreamViewType: def.stream } : Match.absent(),
      });
    }
  });

  it('creates the declared global secondary indexes', () => {
    for (const def of TABLE_LIST.filter((d) => d.globalSecondaryIndexes)) {
      stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `fleetops-dev-${def.id}`,
        GlobalSecondaryIndexes: Match.arrayWith(
          (def.globalSecondaryIndexes ?? []).map((index) => Match.objectLike({ IndexName: index.indexName })),
        ),
      });
    }
  });
});

describe('stateful stack: keys, bus, topics', () => {
  it('rotates every KMS key', () => {
    const keys = resourcesOf(stateful, 'AWS::KMS::Key');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const [, key] of keys) expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  it('archives every event of the bus', () => {
    stateful.resourceCountIs('AWS::Events::EventBus', 1);
    stateful.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventBus'), 'Arn'] },
      RetentionDays: 7,
    });
  });

  it('encrypts the SNS topics with the messaging key and lets CloudWatch use it', () => {
    for (const [, topic] of resourcesOf(stateful, 'AWS::SNS::Topic')) {
      expect(topic.Properties?.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^MessagingKey/), 'Arn'],
      });
    }
    stateful.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.arrayWith(['cloudwatch.amazonaws.com']) },
            Action: Match.arrayWith(['kms:Decrypt']),
          }),
        ]),
      },
    });
  });
});

describe('stateful stack: search domain', () => {
  it('encrypts at rest and node to node, enforces HTTPS with TLS 1.2 and fine-grained access control', () => {
    stateful.hasResourceProperties('AWS::OpenSearchService::Domain', {
      DomainName: 'fleetops-dev-search',
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: Match.anyValue() },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        MasterUserOptions: { MasterUserARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SearchAdminRole'), 'Arn'] } },
      },
    });
  });

  it('allows no anonymous access: the access policy names the account only', () => {
    const [[, domain]] = resourcesOf(stateful, 'AWS::OpenSearchService::Domain') as [
      [string, { Properties: { AccessPolicies: { Statement: { Principal: unknown }[] } } }],
    ];
    for (const statement of domain.Properties.AccessPolicies.Statement) {
      expect(JSON.stringify(statement.Principal)).not.toContain('"*"');
    }
  });

  it('lets only the role-mapping function role assume the master role', () => {
    const mappingRoleArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':iam::',
          { Ref: 'AWS::AccountId' },
          ':role/fleetops-dev-search-role-mapping-',
          { Ref: 'AWS::Region' },
        ],
      ],
    };
    stateful.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('fine-grained access control master'),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: Match.anyValue() },
            Condition: { ArnEquals: { 'aws:PrincipalArn': mappingRoleArn } },
          },
        ],
      },
    });
    const [[, master]] = resourcesOf(stateful, 'AWS::IAM::Role').filter(([id]) => id.startsWith('SearchAdminRole')) as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(JSON.stringify(master.Properties.AssumeRolePolicyDocument)).not.toContain('lambda.amazonaws.com');
  });

  it('publishes slow, application and audit logs', () => {
    stateful.hasResourceProperties('AWS::OpenSearchService::Domain', {
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: { Enabled: true },
        INDEX_SLOW_LOGS: { Enabled: true },
        ES_APPLICATION_LOGS: { Enabled: true },
        AUDIT_LOGS: { Enabled: true },
      },
    });
  });

  it('runs one small node in dev (prod sizing is checked with the prod synth in nag.test.ts)', () => {
    stateful.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({ InstanceCount: 1, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: false }),
    });
  });
});

describe('stateful stack: identity', () => {
  it('has one Cognito group per role', () => {
    for (const role of ROLES) stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    stateful.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
  });

  it('carries the tenant as an immutable custom attribute, users created by admins only', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'tenantId', Mutable: false, AttributeDataType: 'String' })]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('gives the PWA a public client that cannot write the tenant', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ReadAttributes: Match.arrayWith(['custom:tenantId']),
      WriteAttributes: Match.not(Match.arrayWith(['custom:tenantId'])),
    });
  });

  it('exposes its resources for the other stacks', () => {
    expect(Object.keys(stacks.stateful.tables).sort()).toEqual(TABLE_LIST.map((d) => d.id).sort());
    expect(stacks.stateful.identity.groups.admin).toBeDefined();
  });
});

describe('stateful stack: search domain creation order', () => {
  it('creates the domain only after the log resource policy that lets it publish its logs', () => {
    const policyIds = Object.keys(stateful.findResources('AWS::Logs::ResourcePolicy'));
    expect(policyIds).toHaveLength(1);
    const [policyId] = policyIds;
    stateful.hasResource('AWS::OpenSearchService::Domain', { DependsOn: Match.arrayWith([policyId]) });
  });
});

describe('stateful stack: the ops topic reaches people', () => {
  it('lets CloudWatch alarms of this account and region publish to the ops topic', () => {
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^OpsAlarmsTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^OpsAlarmsTopic') },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudwatch:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:*',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  it('subscribes every prod alarm e-mail to the ops topic, and no one in dev (it opts out)', () => {
    const emails = stageConfig('prod').alarmEmails;
    expect(emails.length).toBeGreaterThan(0);
    prodStateful.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, emails.length);
    for (const email of emails) {
      prodStateful.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: Match.stringLikeRegexp('^OpsAlarmsTopic') },
      });
    }
    stateful.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('stateful stack: storage and retention per stage', () => {
  it('stores search data on gp3 volumes in every stage', () => {
    for (const template of [stateful, prodStateful]) {
      template.hasResourceProperties('AWS::OpenSearchService::Domain', {
        EBSOptions: Match.objectLike({ EBSEnabled: true, VolumeType: 'gp3' }),
      });
    }
  });

  it('retains the event archive in prod and deletes it with the dev stack', () => {
    prodStateful.hasResource('AWS::Events::Archive', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prodStateful.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
    stateful.hasResource('AWS::Events::Archive', { DeletionPolicy: 'Delete' });
  });
});
