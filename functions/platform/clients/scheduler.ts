import type { Tracer } from '@aws-lambda-powertools/tracer';
import { SchedulerClient } from '@aws-sdk/client-scheduler';

let client: SchedulerClient | undefined;

/** The container's one EventBridge Scheduler client, traced. */
export function schedulerClient(tracer: Tracer): SchedulerClient {
  client ??= tracer.captureAWSv3Client(new SchedulerClient({}));
  return client;
}
