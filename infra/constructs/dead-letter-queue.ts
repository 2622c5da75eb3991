import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag.js';

/** Props of {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** What ends up here, for the console and the dashboard; e.g. `evaluateAlerts rule 1 delivery`. */
  readonly purpose: string;
  /** @default 14 days (the SQS maximum: time to investigate and redrive) */
  readonly retention?: Duration;
}

/**
 * One dead-letter queue of fleetops' DLQ strategy (ADR 0013): every asynchronous path (EventBridge
 * target, Lambda async invocation, DynamoDB stream mapping) ends in its own queue, encrypted,
 * TLS-only, kept 14 days, and watched by a depth alarm in the observability stack.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: Queue;
  public readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    if (props.purpose.trim() === '') throw new Error(`DeadLetterQueue ${id}: purpose must not be empty`);
    const retention = props.retention ?? Duration.days(14);
    if (retention.toSeconds() < 60 || retention.toSeconds() > Duration.days(14).toSeconds()) {
      throw new Error(`DeadLetterQueue ${id}: retention must be between 1 minute and 14 days`);
    }
    this.purpose = props.purpose;
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
    });
    acknowledgeNag(
      this.queue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue; its depth is alarmed on.',
    );
  }
}
