import { ApiError, apiRequest, NetworkError } from '../api/http.js';
import { openFleetopsDb } from './db.js';

/** An HTTP call to make once, now or when the network is back. */
export interface QueuedRequest {
  /** What it does, e.g. `alert.acknowledge`, `chat.send`. */
  readonly kind: string;
  /** What it acts on (an alert id, a conversation id): lets the UI show "queued" beside it. */
  readonly subject: string;
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body: unknown;
}

/** A queued request as stored in IndexedDB. */
export interface QueuedAction extends QueuedRequest {
  /** Sent as `Idempotency-Key` on every attempt: the server applies one key once. */
  readonly idempotencyKey: string;
  readonly owner: string;
  readonly queuedAt: number;
  readonly attempts: number;
}

/** How one action ended in a flush. */
export type ActionOutcome =
  | { readonly action: QueuedAction; readonly result: 'sent' }
  | { readonly action: QueuedAction; readonly result: 'rejected'; readonly error: ApiError };

/** Stores the request; it is sent by the next {@link flushQueue}. */
export async function enqueue(owner: string, request: QueuedRequest): Promise<QueuedAction> {
  const action: QueuedAction = {
    ...request,
    idempotencyKey: crypto.randomUUID(),
    owner,
    queuedAt: Date.now(),
    attempts: 0,
  };
  const db = await openFleetopsDb();
  await db.put('outbox', action);
  return action;
}

/** The owner's actions still waiting, oldest first. */
export async function pendingActions(owner: string): Promise<QueuedAction[]> {
  const db = await openFleetopsDb();
  const actions = await db.getAllFromIndex('outbox', 'byOwner', owner);
  return actions.sort((a, b) => a.queuedAt - b.queuedAt);
}

let flushing: Promise<ActionOutcome[]> | undefined;

/**
 * Sends the owner's queued actions in order. A 2xx or a permanent refusal removes an action; a
 * network error or 5xx stops the flush and keeps it (and those after it) for the next one. One
 * flush at a time in this tab, and one per origin with Web Locks, so two tabs never send the same
 * action at once; the Idempotency-Key covers what is left (a reply lost on the way back).
 */
export function flushQueue(owner: string): Promise<ActionOutcome[]> {
  flushing ??= (async () => {
    try {
      const run = () => sendAll(owner);
      return navigator.locks ? await navigator.locks.request('fleetops-outbox', run) : await run();
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}

async function sendAll(owner: string): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const db = await openFleetopsDb();
  for (const action of await pendingActions(owner)) {
    try {
      await apiRequest(action.path, {
        method: action.method,
        body: action.body,
        headers: { 'idempotency-key': action.idempotencyKey },
      });
      await db.delete('outbox', action.idempotencyKey);
      outcomes.push({ action, result: 'sent' });
    } catch (error) {
      if (error instanceof ApiError && error.permanent) {
        await db.delete('outbox', action.idempotencyKey);
        outcomes.push({ action, result: 'rejected', error });
        continue;
      }
      if (error instanceof NetworkError || error instanceof ApiError) {
        await db.put('outbox', { ...action, attempts: action.attempts + 1 });
        break;
      }
      throw error;
    }
  }
  return outcomes;
}
