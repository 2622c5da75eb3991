import { acknowledgeRequest } from '../api/alerts-client.js';
import { configureHttp } from '../api/http.js';
import type { Alert } from '../api/types.js';
import type { DemoUser } from '../auth/demo-users.js';
import type { Session } from '../auth/session.js';
import { loadSession, saveSession } from '../auth/session-storage.js';
import { chooseSignInFlow } from '../auth/sign-in-flow.js';
import { loadRuntimeConfig } from '../config/runtime-config.js';
import {
  type ActionOutcome,
  enqueue,
  flushQueue,
  pendingActions,
  type QueuedAction,
  type QueuedRequest,
} from '../offline/action-queue.js';
import { clearOwner, saveView } from '../offline/alert-cache.js';
import { backoffDelay } from '../realtime/backoff.js';
import { type Frame, LiveSocket } from '../realtime/live-socket.js';
import { formatTime } from '../ui/format-time.js';
import { applyAlertToDetail, reloadAlert, resetDetail } from './alert-detail.js';
import { applyAlertToInbox, loadInbox, resetInbox } from './alert-inbox.js';
import { appStore, ownerOf, toast } from './app-state.js';
import { parseInboxQuery } from './inbox-query.js';
import { navigate, routeStore } from './router.js';

/** Renew this long before the ID token expires, so a slow network still renews in time. */
const RENEW_BEFORE_MS = 5 * 60_000;

let socket: LiveSocket | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** The session's WebSocket client, for screens that subscribe to live data; none when signed out. */
export function liveSocket(): LiveSocket | undefined {
  return socket;
}

/** Start-up: config.json, the sign-in flow, a saved session, network listeners. */
export async function boot(): Promise<void> {
  addEventListener('online', onOnline);
  addEventListener('offline', () => appStore.set({ online: false }));
  try {
    const config = await loadRuntimeConfig();
    configureHttp({ baseUrl: config.httpApiUrl, token: () => appStore.get().session?.idToken });
    const flow = chooseSignInFlow(config);
    appStore.set({ config, flow });
    const saved = loadSession();
    if (saved && saved.flow === flow.kind) startSession(saved);
  } catch (error) {
    appStore.set({ bootError: error instanceof Error ? error.message : String(error) });
  }
  appStore.set({ booted: true });
}

/** Signs in as a demo user (local stack). */
export async function signInAsDemoUser(user: DemoUser): Promise<void> {
  const { flow } = appStore.get();
  if (flow?.kind !== 'demo') throw new Error('Demo sign-in exists only on the local stack.');
  startSession(await flow.signInAs(user));
}

/** Leaves for Cognito managed login (AWS). */
export async function startCognitoSignIn(): Promise<void> {
  const { flow } = appStore.get();
  if (flow?.kind !== 'cognito') throw new Error('Cognito sign-in is not configured.');
  await flow.startSignIn();
}

/** Finishes the Cognito redirect on `/auth/callback`. */
export async function completeCognitoSignIn(url: URL): Promise<void> {
  const { flow } = appStore.get();
  if (flow?.kind !== 'cognito') throw new Error('Cognito sign-in is not configured.');
  startSession(await flow.completeSignIn(url));
}

/** Signs out: stops the socket, forgets this user's cached data and queue, revokes (Cognito). */
export async function signOut(): Promise<void> {
  const { session, flow } = appStore.get();
  socket?.stop();
  socket = undefined;
  clearTimeout(renewTimer);
  clearTimeout(retryTimer);
  saveSession(undefined);
  appStore.set({
    session: undefined,
    sessionProblem: undefined,
    liveAlerts: [],
    recentAlerts: [],
    recentSource: 'none',
    queuedAcks: [],
    // Toasts name this user's alerts; the next person at this device must not read them.
    toasts: [],
    dataSavedAt: undefined,
  });
  resetInbox();
  resetDetail();
  // The next user may have other roles: start them at their own home, not at this user's screen.
  navigate('/', true);
  if (session) {
    await clearOwner(ownerOf(session)).catch(() => undefined);
    await flow?.signOut(session);
  }
}

/** Renews the session now (the "stay signed in" button, and the timer). */
export async function renewSession(): Promise<void> {
  const { session, flow } = appStore.get();
  if (!session || !flow) return;
  try {
    const next = await flow.refresh(session);
    saveSession(next);
    appStore.set({ session: next, sessionProblem: undefined });
    scheduleRenewal(next);
  } catch (error) {
    // Never sign out silently: say when the session ends and let the user choose.
    appStore.set({
      sessionProblem: `Your sign-in could not be renewed (${error instanceof Error ? error.message : error}). It ends at ${formatTime(new Date(session.expiresAt).toISOString())}.`,
    });
    if (!navigator.onLine) addEventListener('online', () => void renewSession(), { once: true });
  }
}

function startSession(session: Session): void {
  saveSession(session);
  appStore.set({ session, sessionProblem: undefined });
  scheduleRenewal(session);
  socket?.stop();
  socket = new LiveSocket({
    url: () => {
      const { config, session: current } = appStore.get();
      return `${config?.webSocketUrl}?token=${encodeURIComponent(current?.idToken ?? '')}`;
    },
    onFrame,
    onState: (connection, retryInMs) => appStore.set({ connection, retryInMs }),
  });
  socket.start();
  void refreshQueuedAcks();
  const { path, search } = routeStore.get();
  void loadInbox(path === '/alerts' ? parseInboxQuery(search) : {});
  if (navigator.onLine) void sendQueued();
}

function scheduleRenewal(session: Session): void {
  clearTimeout(renewTimer);
  const lifetime = session.expiresAt - Date.now();
  const delay = Math.max(0, lifetime > 2 * RENEW_BEFORE_MS ? lifetime - RENEW_BEFORE_MS : lifetime / 2);
  renewTimer = setTimeout(() => void renewSession(), delay);
}

/** Acknowledges now, or as soon as the network is back: the request waits in the queue either way. */
export async function acknowledgeAlert(alert: Alert): Promise<ActionOutcome | undefined> {
  const { session } = appStore.get();
  if (!session) return undefined;
  const queued = await enqueue(ownerOf(session), acknowledgeRequest(alert.alertId));
  await refreshQueuedAcks();
  if (!navigator.onLine) {
    toast(`Acknowledgement of ${alert.type} on ${alert.vehicleId} saved; it is sent when you are back online.`);
    return undefined;
  }
  const outcomes = await sendQueued();
  return outcomes.find((o) => o.action.idempotencyKey === queued.idempotencyKey);
}

const flushListeners = new Set<(outcomes: readonly ActionOutcome[]) => void>();

/** Calls `listener` after every flush of the queue with what it sent or refused; returns the unsubscribe. */
export function onQueueFlushed(listener: (outcomes: readonly ActionOutcome[]) => void): () => void {
  flushListeners.add(listener);
  return () => flushListeners.delete(listener);
}

/**
 * Queues a request (a chat message, an agent's reply) and sends the queue now when online: sent
 * once, in order, with its Idempotency-Key, now or on reconnect. The queued action, or undefined
 * when signed out.
 */
export async function queueRequest(request: QueuedRequest): Promise<QueuedAction | undefined> {
  const { session } = appStore.get();
  if (!session) return undefined;
  const queued = await enqueue(ownerOf(session), request);
  if (navigator.onLine) void sendQueued();
  return queued;
}

/** Every alert the app knows, live first: the detail view looks an alert up here. */
export function findAlert(alertId: string): Alert | undefined {
  const { liveAlerts, recentAlerts } = appStore.get();
  return liveAlerts.find((a) => a.alertId === alertId) ?? recentAlerts.find((a) => a.alertId === alertId);
}

async function refreshQueuedAcks(): Promise<void> {
  const { session } = appStore.get();
  if (!session) return;
  const pending = await pendingActions(ownerOf(session));
  appStore.set({ queuedAcks: pending.filter((a) => a.kind === 'alert.acknowledge').map((a) => a.subject) });
}

async function sendQueued(): Promise<ActionOutcome[]> {
  const { session } = appStore.get();
  if (!session) return [];
  const outcomes = await flushQueue(ownerOf(session));
  for (const outcome of outcomes) {
    // Other kinds (chat messages, replies) are shown by their own screens (onQueueFlushed).
    if (outcome.action.kind !== 'alert.acknowledge') continue;
    const alert = findAlert(outcome.action.subject);
    const what = alert ? `${alert.type} on ${alert.vehicleId}` : outcome.action.subject;
    if (outcome.result === 'sent') {
      if (outcome.action.kind === 'alert.acknowledge') {
        markAcknowledged(outcome.action.subject, session.user.userId);
        void reloadAlert(outcome.action.subject);
      }
      toast(`Acknowledged ${what}.`);
    } else {
      toast(`Could not acknowledge ${what}: ${outcome.error.message}`);
    }
  }
  await refreshQueuedAcks();
  for (const listener of flushListeners) listener(outcomes);
  // Still waiting while online means the server failed (5xx) or the reply was lost: try again
  // later with back-off; the Idempotency-Key makes the repeat harmless.
  const left = await pendingActions(ownerOf(session));
  clearTimeout(retryTimer);
  if (left.length > 0 && navigator.onLine) {
    retryTimer = setTimeout(() => void sendQueued(), backoffDelay(left[0]?.attempts ?? 0));
  }
  return outcomes;
}

function markAcknowledged(alertId: string, by: string): void {
  const update = (a: Alert): Alert =>
    a.alertId === alertId
      ? { ...a, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: new Date().toISOString() }
      : a;
  appStore.set((s) => ({ liveAlerts: s.liveAlerts.map(update), recentAlerts: s.recentAlerts.map(update) }));
}

function onOnline(): void {
  appStore.set({ online: true });
  if (!appStore.get().session) return;
  void sendQueued().then(() => loadInbox());
}

function onFrame(frame: Frame): void {
  if (frame.type !== 'alert.raised' && frame.type !== 'alert.updated') return;
  const alert = frame.data as Alert;
  if (typeof alert?.alertId !== 'string') return;
  const upsert = (list: readonly Alert[]) => [alert, ...list.filter((a) => a.alertId !== alert.alertId)];
  appStore.set((s) => ({
    liveAlerts:
      frame.type === 'alert.raised'
        ? upsert(s.liveAlerts)
        : s.liveAlerts.map((a) => (a.alertId === alert.alertId ? alert : a)),
  }));
  applyAlertToInbox(frame.type, alert);
  applyAlertToDetail(alert);
  const { session } = appStore.get();
  if (session) void saveView(ownerOf(session), [alert], Date.now(), false);
  if (frame.type === 'alert.raised')
    toast(`New ${alert.severity.toLowerCase()} alert: ${alert.type} on ${alert.vehicleId}.`);
}
