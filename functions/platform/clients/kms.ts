import type { Tracer } from '@aws-lambda-powertools/tracer';
import { KMSClient } from '@aws-sdk/client-kms';

let client: KMSClient | undefined;

/** The container's one KMS client, traced. */
export function kmsClient(tracer: Tracer): KMSClient {
  client ??= tracer.captureAWSv3Client(new KMSClient({}));
  return client;
}
