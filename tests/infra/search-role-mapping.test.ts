import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { SearchRoleMapping, type SearchRoleMappingProps } from '../../infra/constructs/search-role-mapping.js';
import { serviceRoleDefinition } from '../../infra/custom-resources/search-service-role.js';
import { testContext } from './support/synth.js';

/** A stack with one mapping; bundling is skipped by the test context. */
function mappingStack(overrides: Partial<SearchRoleMappingProps> = {}): { stack: Stack; mapping: SearchRoleMapping } {
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'MappingTest');
  const backend = new Role(stack, 'Backend', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  const mapping = new SearchRoleMapping(stack, 'Mapping', {
    functionName: 'fleetops-test-search-role-mapping',
    searchAdminRoleArn: 'arn:aws:iam::123456789012:role/search-admin',
    endpoint: 'https://search.example',
    backendRoles: [backend],
    logRetention: RetentionDays.ONE_DAY,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    ...overrides,
  });
  return { stack, mapping };
}

describe('SearchRoleMapping', () => {
  it('grants the service role fleetops-* indices only, by default', () => {
    const template = Template.fromStack(mappingStack().stack);
    template.resourcePropertiesCountIs('Custom::SearchRoleMapping', { IndexPatterns: ['fleetops-*'] }, 1);
    expect(serviceRoleDefinition(['fleetops-*']).index_permissions).toEqual([
      { index_patterns: ['fleetops-*'], allowed_actions: ['crud', 'create_index', 'manage'] },
    ]);
  });

  it('rejects index patterns beyond fleetops indices', () => {
    for (const indexPatterns of [['*'], ['.opendistro_security'], ['*-alerts'], []]) {
      expect(() => mappingStack({ indexPatterns })).toThrow(/SearchRoleMapping Mapping: IndexPatterns/);
    }
  });

  it('re-runs when the handler source changes: its hash is a resource property', () => {
    const template = Template.fromStack(mappingStack().stack);
    template.hasResourceProperties('Custom::SearchRoleMapping', {
      HandlerHash: Match.stringLikeRegexp('^[0-9a-f]{16}$'),
      MasterRoleArn: 'arn:aws:iam::123456789012:role/search-admin',
    });
  });

  it('runs under its own execution role, named for the master role trust, that may assume the master role', () => {
    const { stack, mapping } = mappingStack();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['fleetops-test-search-role-mapping-', { Ref: 'AWS::Region' }]] },
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/search-admin' },
        ]),
      },
    });
    expect(stack.resolve(mapping.function.role?.roleArn)).toEqual(stack.resolve(mapping.role.roleArn));
  });

  it('rejects a function name too long for its role name', () => {
    expect(() => mappingStack({ functionName: 'x'.repeat(50) })).toThrow(/at most 49 characters/);
  });
});
