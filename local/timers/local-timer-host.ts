import type { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../functions/platform/clock.js';
import type { EventPublisher } from '../../functions/platform/events/event-publisher.js';
import type {
  DurableTimer,
  TimerFired,
  TimerScheduler,
  TimerTarget,
} from '../../functions/platform/timers/timer-scheduler.js';
import { defineTable, PK_SK } from '../../functions/platform/wiring/tables.js';
import { createTableInput } from '../dynamodb/create-tables.js';

/**
 * The local stack's pending timers. Local-only (AWS keeps them in EventBridge Scheduler), so it is
 * not in the registry and the CDK app never creates it.
 */
export const LOCAL_TIMERS_TABLE = defineTable({ id: 'localTimers', envVar: 'LOCAL_TIMERS_TABLE', ...PK_SK });

/** setTimeout's longest delay; a later timer is re-armed when this elapses. */
const MAX_DELAY_MS = 2_147_483_647;
/** A timer whose event could not be put on the bus is tried again after this. */
const REFIRE_DELAY_MS = 1000;

interface StoredTimer {
  readonly pk: string;
  readonly sk: string;
  readonly timerId: string;
  readonly source: string;
  readonly detailType: string;
  readonly at: string;
  readonly payload: Record<string, unknown>;
}

export interface LocalTimerHostProps {
  readonly dynamo: DynamoDBClient;
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly bus: EventPublisher;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Durable timers for the local stack, the twin of EventBridge Scheduler one-time schedules
 * (docs/adr/0110): each pending timer is an item in DynamoDB Local (on disk under `.data/` with
 * `npm start`), armed with an in-process timeout. On start every stored timer is armed again, so a
 * timer survives a restart, and one that fell due while the stack was down fires at once. A fired
 * timer is put on the bus as its binding's event and then deleted, unless it was moved meanwhile.
 */
export class LocalTimerHost {
  readonly #armed = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  constructor(private readonly props: LocalTimerHostProps) {}

  /** Creates the table if needed and arms every stored timer. */
  async start(): Promise<void> {
    try {
      await this.props.dynamo.send(new CreateTableCommand(createTableInput(LOCAL_TIMERS_TABLE, this.props.tableName)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    let startKey: Record<string, unknown> | undefined;
    let count = 0;
    do {
      const page = await this.props.client.send(
        new ScanCommand({ TableName: this.props.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      for (const item of (page.Items ?? []) as StoredTimer[]) {
        this.arm(item);
        count++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    if (count > 0) this.props.logger.info('local timers re-armed', { count });
  }

  /** The port a binding's function gets: timers that fire as `target`'s event. */
  forTarget(target: TimerTarget): TimerScheduler {
    return {
      schedule: (timer) => this.schedule(target, timer),
      cancel: (id) => this.cancel(target, id),
    };
  }

  /** How many timers are armed (tests, /dev/health). */
  get pending(): number {
    return this.#armed.size;
  }

  stop(): void {
    this.#stopped = true;
    for (const handle of this.#armed.values()) clearTimeout(handle);
    this.#armed.clear();
  }

  private key(target: TimerTarget, id: string): { pk: string; sk: string } {
    return { pk: `${target.source}|${target.detailType}`, sk: id };
  }

  private async schedule(target: TimerTarget, timer: DurableTimer): Promise<void> {
    const item: StoredTimer = {
      ...this.key(target, timer.id),
      timerId: timer.id,
      source: target.source,
      detailType: target.detailType,
      at: timer.at.toISOString(),
      payload: { ...timer.payload },
    };
    await this.props.client.send(new PutCommand({ TableName: this.props.tableName, Item: item }));
    this.arm(item);
  }

  private async cancel(target: TimerTarget, id: string): Promise<void> {
    const key = this.key(target, id);
    await this.props.client.send(new DeleteCommand({ TableName: this.props.tableName, Key: key }));
    this.disarm(key);
  }

  private handleOf(key: { pk: string; sk: string }): string {
    return `${key.pk}\n${key.sk}`;
  }

  private disarm(key: { pk: string; sk: string }): void {
    const handle = this.handleOf(key);
    clearTimeout(this.#armed.get(handle));
    this.#armed.delete(handle);
  }

  private arm(item: StoredTimer, delayMs?: number): void {
    if (this.#stopped) return;
    this.disarm(item);
    const due = Date.parse(item.at) - this.props.clock.now().getTime();
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, delayMs ?? due));
    const timeout = setTimeout(() => {
      this.#armed.delete(this.handleOf(item));
      if (delay < due) return this.arm(item); // a far timer: wait again
      this.fire(item).catch((error: unknown) => {
        this.props.logger.warn('local timer could not fire; trying again', {
          timerId: item.timerId,
          error: error as Error,
        });
        this.arm(item, REFIRE_DELAY_MS);
      });
    }, delay);
    timeout.unref();
    this.#armed.set(this.handleOf(item), timeout);
  }

  private async fire(armed: StoredTimer): Promise<void> {
    const key = { pk: armed.pk, sk: armed.sk };
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: key, ConsistentRead: true }),
    );
    const current = Item as StoredTimer | undefined;
    if (!current || current.at !== armed.at) return; // cancelled, or moved (re-armed by schedule)
    const detail: TimerFired = { timerId: current.timerId, dueAt: current.at, payload: current.payload };
    await this.props.bus.publish([{ source: current.source, detailType: current.detailType, detail }]);
    try {
      await this.props.client.send(
        new DeleteCommand({
          TableName: this.props.tableName,
          Key: key,
          ConditionExpression: '#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': current.at },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
