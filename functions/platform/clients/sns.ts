import type { Tracer } from '@aws-lambda-powertools/tracer';
import { SNSClient } from '@aws-sdk/client-sns';

let client: SNSClient | undefined;

/** The container's one SNS client, traced. */
export function snsClient(tracer: Tracer): SNSClient {
  client ??= tracer.captureAWSv3Client(new SNSClient({}));
  return client;
}
