import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock } from '../clock.js';
import { tableAdapter } from '../dynamodb/table-adapter.js';
import { limitsOf, type RateLimits, type TenantRateLimitSettings } from './plans.js';
import type { BucketName, BucketReport, RateLimiter, RateLimitOutcome, RateLimitRequest } from './rate-limiter.js';
import { RATE_LIMIT_TABLE } from './tables.js';
import { admitUntilMs, type BucketDecision, type BucketLimit, emissionIntervalMs, takeToken } from './token-bucket.js';

export interface DynamoDbRateLimiterProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** How long a tenant's settings are kept per container. @default 60_000 */
  readonly settingsTtlMs?: number;
}

/** Seconds a full bucket is kept before TTL may remove it (it means the same as no item). */
const IDLE_TTL_SECONDS = 3600;
/** Attempts per bucket when concurrent writers keep changing it between our read of it and our write. */
const MAX_ATTEMPTS = 4;
/** Buckets whose last `tat` a container remembers; past this the memory starts again (a guess costs one write). */
const MAX_REMEMBERED = 10_000;

const settingsKey = (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'SETTINGS' });
/** Every bucket's partition key, as an IAM `StringLike` pattern (what the HTTP functions may write). */
export const BUCKET_KEY_PATTERN = 'TENANT#*#BUCKET#*';
const bucketKey = (request: RateLimitRequest, name: BucketName) => ({
  pk:
    name === 'tenant'
      ? `TENANT#${request.tenantId}#BUCKET#tenant`
      : `TENANT#${request.tenantId}#BUCKET#client#${request.clientId}`,
  sk: 'BUCKET',
});

/**
 * Token buckets on DynamoDB (docs/adr/0114). A bucket is its `tat` (token-bucket.ts), and taking a
 * token is one conditional UpdateItem whose condition is the admission rule itself, so concurrent
 * requests on any number of containers can never over-admit:
 * - `drain` (the bucket is not full: `now < tat ≤ now + (C−1)·T`): `SET tat = tat + T`;
 * - `refill` (full: no item, or `tat ≤ now`): `SET tat = now + T`.
 * Which one to send is predicted from the `tat` this container last saw (a lower bound: `tat` only
 * grows); a wrong guess fails its condition and returns the item (`ALL_OLD`), from which the right
 * one is known, so the common case is one write and a contended one two. A bucket this container
 * already knows to be empty is refused without a call. A tenant's settings are read once a minute.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  readonly #seen = new Map<string, number>();
  readonly #settings = new Map<string, { readonly limits: RateLimits; readonly untilMs: number }>();
  readonly #settingsTtlMs: number;

  constructor(private readonly props: DynamoDbRateLimiterProps) {
    this.#settingsTtlMs = props.settingsTtlMs ?? 60_000;
  }

  async consume(request: RateLimitRequest): Promise<RateLimitOutcome> {
    const limits = await this.limitsFor(request.tenantId);
    const client = await this.take(request, 'client', limits.client);
    if (!client.allowed) {
      return {
        allowed: false,
        retryAfterSeconds: client.retryAfterSeconds,
        buckets: [report('client', limits.client, client), { name: 'tenant', limit: limits.tenant }],
      };
    }
    const tenant = await this.take(request, 'tenant', limits.tenant);
    return {
      allowed: tenant.allowed,
      ...(tenant.allowed ? {} : { retryAfterSeconds: tenant.retryAfterSeconds }),
      buckets: [report('client', limits.client, client), report('tenant', limits.tenant, tenant)],
    };
  }

  /** The limits of a tenant's plan, from its settings item (cached per container), or the default plan's. */
  async limitsFor(tenantId: string): Promise<RateLimits> {
    const nowMs = this.props.clock.now().getTime();
    const cached = this.#settings.get(tenantId);
    if (cached && cached.untilMs > nowMs) return cached.limits;
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: settingsKey(tenantId) }),
    );
    const limits = limitsOf(Item as TenantRateLimitSettings | undefined);
    this.#settings.set(tenantId, { limits, untilMs: nowMs + this.#settingsTtlMs });
    return limits;
  }

  /** A tenant's settings as stored (undefined: none, so the default plan), read strongly consistent. */
  async readSettings(tenantId: string): Promise<TenantRateLimitSettings | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: settingsKey(tenantId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { plan, overrides } = Item as TenantRateLimitSettings;
    return { plan, ...(overrides ? { overrides } : {}) };
  }

  /** Puts a tenant on a plan (an operator's act, not a tenant's: no route writes it, docs/adr/0121). */
  async saveSettings(tenantId: string, settings: TenantRateLimitSettings): Promise<void> {
    limitsOf(settings); // refuses an unusable override before it is stored
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...settingsKey(tenantId),
          plan: settings.plan,
          ...(settings.overrides ? { overrides: settings.overrides } : {}),
        },
      }),
    );
    this.#settings.delete(tenantId);
  }

  private async take(request: RateLimitRequest, name: BucketName, limit: BucketLimit): Promise<BucketDecision> {
    const key = bucketKey(request, name);
    const nowMs = this.props.clock.now().getTime();
    let known: number | undefined = this.#seen.get(key.pk);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const decision = takeToken(limit, known, nowMs);
      if (!decision.allowed) return decision; // no write: refusals cost nothing
      const full = known === undefined || known <= nowMs;
      try {
        const { Attributes } = await this.props.client.send(
          new UpdateCommand({
            TableName: this.props.tableName,
            Key: key,
            UpdateExpression: full
              ? 'SET tat = :next, expiresAt = :expiresAt'
              : 'SET tat = tat + :interval, expiresAt = :expiresAt',
            ConditionExpression: full
              ? 'attribute_not_exists(tat) OR tat <= :now'
              : 'tat > :now AND tat <= :admitUntil',
            ExpressionAttributeValues: {
              ':now': nowMs,
              ':expiresAt': Math.ceil((nowMs + limit.capacity * emissionIntervalMs(limit)) / 1000) + IDLE_TTL_SECONDS,
              ...(full
                ? { ':next': nowMs + emissionIntervalMs(limit) }
                : { ':interval': emissionIntervalMs(limit), ':admitUntil': admitUntilMs(limit, nowMs) }),
            },
            ReturnValues: 'UPDATED_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const tat = Number(Attributes?.tat);
        this.remember(key.pk, tat);
        // The stored tat is the truth; the decision's numbers are recomputed from it.
        return { ...takeToken(limit, tat - emissionIntervalMs(limit), nowMs), tatMs: tat };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const old = error.Item ? unmarshall(error.Item as Record<string, AttributeValue>) : undefined;
        known = old?.tat === undefined ? undefined : Number(old.tat);
        if (known === undefined) this.#seen.delete(key.pk);
        else this.remember(key.pk, known);
      }
    }
    throw new Error(`Rate-limit bucket ${key.pk} kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  private remember(pk: string, tat: number): void {
    if (this.#seen.size >= MAX_REMEMBERED && !this.#seen.has(pk)) this.#seen.clear();
    this.#seen.set(pk, tat);
  }
}

function report(name: BucketName, limit: BucketLimit, decision: BucketDecision): BucketReport {
  return { name, limit, remaining: decision.remaining, resetSeconds: decision.resetSeconds };
}

/**
 * The binding: `rateLimits: dynamoDbRateLimiter.readWrite` on every function with user/partner HTTP
 * routes. It writes the buckets only: a route cannot change the plan settings it reads.
 */
export const dynamoDbRateLimiter = tableAdapter<RateLimiter>(
  RATE_LIMIT_TABLE,
  (parts) => new DynamoDbRateLimiter(parts),
  { writeKeys: [BUCKET_KEY_PATTERN] },
);

/** A tenant's rate-limit settings, written by an operator (or a bench that must not be limited). */
export interface RateLimitSettingsStore {
  readSettings(tenantId: string): Promise<TenantRateLimitSettings | undefined>;
  saveSettings(tenantId: string, settings: TenantRateLimitSettings): Promise<void>;
}

/**
 * The settings side of the same table: read-only by `GET /v1/tenants/{tenantId}/plan`, read-write
 * only by composition roots, benches and the operator's `npm run plan:set` (docs/adr/0121).
 */
export const dynamoDbRateLimitSettings = tableAdapter<RateLimitSettingsStore>(
  RATE_LIMIT_TABLE,
  (parts) => new DynamoDbRateLimiter(parts),
);
