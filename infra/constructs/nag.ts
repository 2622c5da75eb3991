import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on `scope` and everything under it (cdk-nag 3 reads CDK's
 * `Validations` acknowledgements). Every acknowledgement names its rule and says why; with
 * `findings` it covers only those exact findings (e.g. `Resource::*` of AwsSolutions-IAM5), so a
 * new wildcard elsewhere still fails the synth.
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string, findings?: readonly string[]): void {
  if (!/^AwsSolutions-[A-Z]+[0-9]+$/.test(rule))
    throw new Error(`acknowledgeNag: '${rule}' is not an AwsSolutions rule id`);
  if (reason.trim().length < 20) throw new Error(`acknowledgeNag ${rule}: give a real reason, got '${reason}'`);
  const ids = findings && findings.length > 0 ? findings.map((finding) => `${rule}[${finding}]`) : [rule];
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** The logical id cdk-nag uses to render a reference to `construct`'s resource (`<LogicalId.Arn>`). */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource)) throw new Error(`${construct.node.path} has no CFN resource`);
  return Stack.of(resource).getLogicalId(resource);
}

/** The IAM5 finding cdk-nag reports for a wildcard resource string (tokens rendered as `<Ref>`). */
export function nagResourceFinding(scope: IConstruct, resource: string): string {
  return `Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}`;
}
