import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';

let client: Client | undefined;

/** The container's one OpenSearch client, signing with the function role's credentials (SigV4, `es`). */
export function openSearchClient(node: string, region: string): Client {
  if (!client) {
    const credentials = defaultProvider();
    client = new Client({
      ...AwsSigv4Signer({ region, service: 'es', getCredentials: () => credentials() }),
      node,
    });
  }
  return client;
}
