import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { HttpOpenSearchTransport } from '../../functions/platform/clients/opensearch.js';
import { assertIndexPatterns, SEARCH_SERVICE_ROLE, serviceRoleDefinition } from './search-service-role.js';

export { SEARCH_SERVICE_ROLE } from './search-service-role.js';

/** Resource properties of `Custom::SearchRoleMapping` (CloudFormation passes every value as a string). */
export interface SearchRoleMappingProperties {
  /** `https://…` endpoint of the domain. */
  readonly Endpoint: string;
  /** IAM role ARNs of the functions bound with `search: true`. */
  readonly BackendRoles: readonly string[];
  /** ARN of the fine-grained access control master role, assumed for the security API calls. */
  readonly MasterRoleArn: string;
  /** Index patterns the service role may read, write and manage, e.g. `fleetops-*`; never `*`. */
  readonly IndexPatterns: readonly string[];
  /** Changes whenever this handler's source does, so a changed role definition is applied. */
  readonly HandlerHash?: string;
}

/**
 * CloudFormation custom resource (ADR 0014, 0050). Its own execution role assumes the domain's
 * fine-grained access control master role — the only principal allowed to change security
 * settings, and one only this function's role may assume — then defines {@link SEARCH_SERVICE_ROLE}
 * and maps the search-bound function roles to it. Deleting the resource leaves the mapping: the
 * domain outlives the API stack, and stale role ARNs grant nothing.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const physicalResourceId =
    event.RequestType === 'Create' ? `${SEARCH_SERVICE_ROLE}-mapping` : event.PhysicalResourceId;
  let response: CloudFormationCustomResourceResponse;
  try {
    if (event.RequestType !== 'Delete') {
      await applyMapping(event.ResourceProperties as unknown as SearchRoleMappingProperties);
    }
    response = { ...base(event, physicalResourceId), Status: 'SUCCESS' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    response = { ...base(event, physicalResourceId), Status: 'FAILED', Reason: reason.slice(0, 1000) };
  }
  const body = JSON.stringify(response);
  const answer = await fetch(event.ResponseURL, {
    method: 'PUT',
    body,
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
  });
  if (!answer.ok) throw new Error(`CloudFormation response upload failed: ${answer.status}`);
}

function base(event: CloudFormationCustomResourceEvent, physicalResourceId: string) {
  return {
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
}

async function applyMapping(properties: SearchRoleMappingProperties): Promise<void> {
  if (!properties.Endpoint?.startsWith('https://')) throw new Error('Endpoint must be an https:// URL');
  if (!Array.isArray(properties.BackendRoles)) throw new Error('BackendRoles must be a list of role ARNs');
  if (!properties.MasterRoleArn?.startsWith('arn:')) throw new Error('MasterRoleArn must be a role ARN');
  assertIndexPatterns(properties.IndexPatterns);
  const region = process.env.AWS_REGION;
  if (!region) throw new Error('Missing required environment variable AWS_REGION');
  const master = await assumeMasterRole(region, properties.MasterRoleArn);
  const client = new HttpOpenSearchTransport({
    node: properties.Endpoint,
    signing: { region, credentials: master },
  });
  await client.request({
    method: 'PUT',
    path: `/_plugins/_security/api/roles/${SEARCH_SERVICE_ROLE}`,
    body: serviceRoleDefinition(properties.IndexPatterns),
  });
  await client.request({
    method: 'PUT',
    path: `/_plugins/_security/api/rolesmapping/${SEARCH_SERVICE_ROLE}`,
    body: { backend_roles: [...properties.BackendRoles] },
  });
}

/** Short-lived credentials of the master role; a run takes seconds, so 15 minutes is plenty. */
async function assumeMasterRole(region: string, roleArn: string) {
  const sts = new STSClient({ region });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fleetops-search-role-mapping', DurationSeconds: 900 }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}
