import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';

/** The OpenSearch role fleetops functions are mapped to: documents and indices, nothing of security. */
export const SEARCH_SERVICE_ROLE = 'fleetops_service';

/** Resource properties of `Custom::SearchRoleMapping`. */
export interface SearchRoleMappingProperties {
  /** `https://…` endpoint of the domain. */
  readonly Endpoint: string;
  /** IAM role ARNs of the functions bound with `search: true`. */
  readonly BackendRoles: readonly string[];
}

/**
 * CloudFormation custom resource (ADR 0014). Runs as the domain's fine-grained access control
 * master role, the only principal allowed to change security settings, and maps the search-bound
 * function roles to {@link SEARCH_SERVICE_ROLE}. Deleting the resource leaves the mapping: the
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
  const region = process.env.AWS_REGION;
  if (!region) throw new Error('Missing required environment variable AWS_REGION');
  const credentials = defaultProvider();
  const client = new Client({
    ...AwsSigv4Signer({ region, service: 'es', getCredentials: () => credentials() }),
    node: properties.Endpoint,
  });
  await client.transport.request({
    method: 'PUT',
    path: `/_plugins/_security/api/roles/${SEARCH_SERVICE_ROLE}`,
    body: {
      cluster_permissions: ['cluster_composite_ops', 'cluster_monitor'],
      index_permissions: [{ index_patterns: ['*'], allowed_actions: ['crud', 'create_index', 'manage'] }],
    },
  });
  await client.transport.request({
    method: 'PUT',
    path: `/_plugins/_security/api/rolesmapping/${SEARCH_SERVICE_ROLE}`,
    body: { backend_roles: [...properties.BackendRoles] },
  });
}
