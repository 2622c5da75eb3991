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
  /**
   * The request creates something whose id later queued requests need (a conversation started
   * offline and its first messages): they carry `placeholder` in their path, subject or body, and
   * once this one is sent the id its answer holds in `field` replaces it.
   */
  readonly creates?: { readonly placeholder: string; readonly field: string };
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
  | { readonly action: QueuedAction; readonly result: 'sent'; readonly created?: CreatedId }
  | { readonly action: QueuedAction; readonly result: 'rejected'; readonly error: ApiError };

/** The id a sent request's `creates` stood for. */
export interface CreatedId {
  readonly placeholder: string;
  readonly id: string;
}

/** Placeholder → id of what this tab's flushes created (for a request queued after the rewrite). */
const created = new Map<string, string>();

/** The id a placeholder stands for, once the request that creates it was sent from this tab. */
export function createdId(placeholder: string): string | undefined {
  return created.get(placeholder);
}

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

/** The part of the Web Locks API the queue uses: one tab flushes at a time. */
interface WebLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

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
      // Typed by shape, so this module also type-checks without the DOM library (the DOM-free tests import it).
      const locks = (globalThis as { navigator?: { locks?: WebLocks } }).navigator?.locks;
      return locks ? await locks.request('fleetops-outbox', run) : await run();
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}

async function sendAll(owner: string): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const db = await openFleetopsDb();
  const actions = await pendingActions(owner);
  for (let i = 0; i < actions.length; i++) {
    const action = resolved(actions[i] as QueuedAction);
    try {
      const answer = await apiRequest<Record<string, unknown> | undefined>(action.path, {
        method: action.method,
        body: action.body,
        headers: { 'idempotency-key': action.idempotencyKey },
      });
      const id = action.creates ? answer?.[action.creates.field] : undefined;
      if (action.creates && typeof id === 'string') {
        created.set(action.creates.placeholder, id);
        // The requests waiting for the id get it in IndexedDB before this one leaves the queue:
        // a crash in between leaves this one to resend (its Idempotency-Key answers the same id).
        for (let j = i + 1; j < actions.length; j++) {
          const later = resolved(actions[j] as QueuedAction);
          if (later !== actions[j]) await db.put('outbox', later);
          actions[j] = later;
        }
      }
      await db.delete('outbox', action.idempotencyKey);
      outcomes.push({
        action,
        result: 'sent',
        ...(action.creates && typeof id === 'string'
          ? { created: { placeholder: action.creates.placeholder, id } }
          : {}),
      });
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

/** The action with every placeholder this tab knows the id of replaced (itself when none is). */
function resolved(action: QueuedAction): QueuedAction {
  let text = JSON.stringify({ path: action.path, subject: action.subject, body: action.body });
  const before = text;
  for (const [placeholder, id] of created) text = text.split(placeholder).join(id);
  if (text === before) return action;
  const { path, subject, body } = JSON.parse(text) as Pick<QueuedAction, 'path' | 'subject' | 'body'>;
  return { ...action, path, subject, body };
}
