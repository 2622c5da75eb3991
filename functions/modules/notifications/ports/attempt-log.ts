import type { Channel } from '../domain/channels.js';
import type { SuppressionReason } from '../domain/delivery-plan.js';

/** The statuses of the contract: `GET /v1/alerts/{alertId}/deliveries`. */
export type AttemptStatus = 'sent' | 'failed' | 'suppressed' | 'queued';

/** One attempt (or decision not to attempt) to tell one person on one channel. */
export interface DeliveryAttempt {
  readonly tenantId: string;
  readonly alertId: string;
  readonly userId: string;
  readonly channel: Channel;
  /** The destination masked (`+1••••••••03`, `d•••@acme.example`); never the full value. */
  readonly to?: string;
  readonly status: AttemptStatus;
  /**
   * `subscription_gone`: the push service answered 404/410 (SNS: EndpointDisabled) and the
   * subscription was removed; `unregistered_target`: a mobile token stored before tokens were
   * registered with SNS, so it has no endpoint (the app registers again on its next start, ADR 0117);
   * `unsupported_target`: the same in records written before mobile push was delivered (ADR 0076).
   */
  readonly reason?:
    | SuppressionReason
    | 'provider_error'
    | 'dead_lettered'
    | 'subscription_gone'
    | 'unregistered_target'
    | 'unsupported_target';
  /** 1 for the first try; each retry adds one. */
  readonly attempt: number;
  /** The escalation step (`L0`, `L1`, `L0R1`) or `summary`. */
  readonly step: string;
  readonly at: string;
  readonly providerMessageId?: string;
  readonly error?: string;
  /** For `queued`: when the summary holding it is due. */
  readonly until?: string;
}

/** A message that failed its last retry, kept with its record for ops (and an alarm on the metric). */
export interface DeadLetter {
  readonly tenantId: string;
  readonly attempt: DeliveryAttempt;
  readonly message: string;
  readonly deadLetteredAt: string;
}

/**
 * Claims, attempts and dead letters of per-person notifications. Keys are `deliveryKey`s: they start
 * with the alert id, which is how `list` finds an alert's attempts.
 */
export interface AttemptLog {
  /**
   * Claims a delivery by its de-duplication key: true for the first caller and for the retry of a
   * failed or abandoned one; false while it is sent, in flight or was decided already.
   */
  claim(tenantId: string, key: string, leaseSeconds?: number): Promise<boolean>;
  /**
   * Claims and settles at once a delivery decided without sending (suppressed): one write. False,
   * and nothing recorded, when the claim is taken already.
   */
  settle(key: string, attempt: DeliveryAttempt): Promise<boolean>;
  /** Appends the attempt and settles the claim with its outcome (creating it if need be). */
  record(key: string, attempt: DeliveryAttempt): Promise<void>;
  /** Every attempt for the alert in the tenant, oldest first. */
  list(tenantId: string, alertId: string): Promise<DeliveryAttempt[]>;
  deadLetter(letter: DeadLetter): Promise<void>;
  listDeadLetters(tenantId: string): Promise<DeadLetter[]>;
}
