import type { Tracer } from '@aws-lambda-powertools/tracer';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

let client: EventBridgeClient | undefined;

/** The container's one EventBridge client, traced. */
export function eventBridgeClient(tracer: Tracer): EventBridgeClient {
  client ??= tracer.captureAWSv3Client(new EventBridgeClient({}));
  return client;
}
