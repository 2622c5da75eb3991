import type { PushSubscription } from '../domain/push-subscription.js';

/** The push targets (Web Push subscriptions, mobile tokens) of each user, in the user's tenant. */
export interface PushSubscriptions {
  /** Stores the subscription; the same id replaces the stored one (a re-subscription). */
  save(subscription: PushSubscription): Promise<void>;
  /** The user's targets, oldest first. */
  listByUser(tenantId: string, userId: string): Promise<PushSubscription[]>;
  /** Forgets one target of the user; false when it was not theirs or not there. */
  remove(tenantId: string, userId: string, subscriptionId: string): Promise<boolean>;
}
