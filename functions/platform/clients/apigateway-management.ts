import type { Tracer } from '@aws-lambda-powertools/tracer';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';

let client: ApiGatewayManagementApiClient | undefined;

/** The container's one management API client for the stage's callback URL, traced. */
export function managementApiClient(tracer: Tracer, endpoint: string): ApiGatewayManagementApiClient {
  client ??= tracer.captureAWSv3Client(new ApiGatewayManagementApiClient({ endpoint }));
  return client;
}
