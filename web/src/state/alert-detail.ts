import { addAlertNote, assignAlert, getAlert, resolveAlert } from '../api/alerts-client.js';
import { ApiError, NetworkError } from '../api/http.js';
import type { Alert } from '../api/types.js';
import { loadView } from '../offline/alert-cache.js';
import { appStore, ownerOf } from './app-state.js';
import { createStore } from './store.js';

/** Where the shown alert came from. */
export type DetailSource = 'none' | 'loading' | 'network' | 'cache' | 'missing' | 'error';

/** What an action ended with, shown (and focused) beside the actions. */
export interface ActionFeedback {
  readonly kind: 'done' | 'conflict' | 'error';
  readonly text: string;
  /** Changes on every action, so the screen moves focus to a new message even if its text repeats. */
  readonly seq: number;
}

/** The alert detail screen's state. */
export interface DetailState {
  readonly alertId?: string;
  readonly alert?: Alert;
  readonly source: DetailSource;
  readonly error?: string;
  /** The action being sent, if any: its controls wait. */
  readonly busy?: DetailAction;
  readonly feedback?: ActionFeedback;
}

/** The changes the detail screen makes (acknowledging goes through the offline queue instead). */
export type DetailAction = 'acknowledge' | 'resolve' | 'assign' | 'note';

/** The detail screen's store. */
export const detailStore = createStore<DetailState>({ source: 'none' });

let feedbackSeq = 0;

/** Forgets the shown alert (sign-out: the next person at this device must not see it). */
export function resetDetail(): void {
  detailStore.set({
    alertId: undefined,
    alert: undefined,
    source: 'none',
    error: undefined,
    busy: undefined,
    feedback: undefined,
  });
}

/**
 * Shows `alertId`: at once from what the app already holds (live, inbox, offline copy), then
 * fresh from `GET /v1/alerts/{alertId}` when online.
 */
export async function openAlert(alertId: string): Promise<void> {
  const known = knownAlert(alertId);
  detailStore.set({ alertId, alert: known, source: 'loading', error: undefined, busy: undefined, feedback: undefined });
  await reloadAlert(alertId, known);
}

/** Fetches the alert again (after a 409, a queued acknowledgement that went out, or reconnecting). */
export async function reloadAlert(alertId: string, fallback?: Alert): Promise<void> {
  const { session } = appStore.get();
  if (!session) return;
  try {
    if (!navigator.onLine) throw new NetworkError('offline');
    const alert = await getAlert(alertId);
    if (detailStore.get().alertId === alertId) detailStore.set({ alert, source: 'network' });
  } catch (error) {
    if (detailStore.get().alertId !== alertId) return;
    if (error instanceof NetworkError) {
      const cached =
        fallback ?? knownAlert(alertId) ?? (await loadView(ownerOf(session))).alerts.find((a) => a.alertId === alertId);
      detailStore.set(cached ? { alert: cached, source: 'cache' } : { source: 'missing' });
    } else if (error instanceof ApiError && error.status === 404) {
      detailStore.set({ alert: undefined, source: 'missing' });
    } else {
      detailStore.set({ source: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * A newer copy of an alert (a live frame, an action's answer): taken when it is the shown alert and
 * not older than it. Every change appends to `history`, so its length orders copies.
 */
export function applyAlertToDetail(alert: Alert): void {
  const { alertId, alert: shown } = detailStore.get();
  if (alertId !== alert.alertId) return;
  if (shown && (shown.history?.length ?? 0) > (alert.history?.length ?? 0)) return;
  detailStore.set({ alert, source: detailStore.get().source === 'cache' ? 'cache' : 'network' });
}

/** Resolves, assigns or notes the shown alert; a 409 says why and shows the alert as it is now. */
export async function runDetailAction(action: Exclude<DetailAction, 'acknowledge'>, value: string): Promise<boolean> {
  const { alert } = detailStore.get();
  if (!alert) return false;
  detailStore.set({ busy: action, feedback: undefined });
  try {
    const call =
      action === 'resolve'
        ? resolveAlert(alert.alertId, value || undefined)
        : action === 'assign'
          ? assignAlert(alert.alertId, value)
          : addAlertNote(alert.alertId, value);
    const next = await call;
    applyAlertToDetail(next);
    replaceInLists(next);
    const done = {
      resolve: 'Done: you resolved this alert.',
      assign: `Done: this alert is assigned to ${value}.`,
      note: 'Done: your note is in the timeline.',
    }[action];
    finish('done', done);
    return true;
  } catch (error) {
    await reportFailure(action, alert, error);
    return false;
  }
}

/** The outcome of an acknowledgement sent through the queue, as the detail screen reports it. */
export async function acknowledgementSettled(alert: Alert, error?: ApiError): Promise<void> {
  if (error) await reportFailure('acknowledge', alert, error);
  else {
    finish('done', 'Done: you acknowledged this alert.');
    await reloadAlert(alert.alertId);
  }
}

/** The acknowledgement waits in the offline queue: say so where focus goes. */
export function acknowledgementQueued(): void {
  finish('done', 'Saved offline: it is sent as soon as you are back online.');
}

/** Marks the acknowledgement as being sent (the queue is flushing). */
export function acknowledging(busy: boolean): void {
  detailStore.set({ busy: busy ? 'acknowledge' : undefined, ...(busy ? { feedback: undefined } : {}) });
}

async function reportFailure(action: DetailAction, alert: Alert, error: unknown): Promise<void> {
  const verb = { acknowledge: 'acknowledge', resolve: 'resolve', assign: 'assign', note: 'add the note to' }[action];
  if (error instanceof ApiError && error.status === 409) {
    // Someone else changed it first: say so, then show what it is now.
    finish(
      'conflict',
      `Could not ${verb} this alert: ${error.message.replace(/\.$/, '')}. It was changed by someone else; the alert below is reloaded and shows its current status.`,
    );
    await reloadAlert(alert.alertId);
    return;
  }
  const reason =
    error instanceof NetworkError
      ? 'the network could not be reached. Try again when you are back online.'
      : error instanceof Error
        ? error.message
        : String(error);
  finish('error', `Could not ${verb} this alert: ${reason}`);
}

function finish(kind: ActionFeedback['kind'], text: string): void {
  detailStore.set({ busy: undefined, feedback: { kind, text, seq: ++feedbackSeq } });
}

function replaceInLists(alert: Alert): void {
  const swap = (list: readonly Alert[]) => list.map((a) => (a.alertId === alert.alertId ? alert : a));
  appStore.set((s) => ({ liveAlerts: swap(s.liveAlerts), recentAlerts: swap(s.recentAlerts) }));
}

function knownAlert(alertId: string): Alert | undefined {
  const { liveAlerts, recentAlerts } = appStore.get();
  return liveAlerts.find((a) => a.alertId === alertId) ?? recentAlerts.find((a) => a.alertId === alertId);
}
