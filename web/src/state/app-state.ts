import type { Alert } from '../api/types.js';
import type { Session } from '../auth/session.js';
import type { SignInFlow } from '../auth/sign-in-flow.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { ConnectionState } from '../realtime/live-socket.js';
import { createStore } from './store.js';

/** A message for the toast region. */
export interface Toast {
  readonly id: number;
  readonly text: string;
}

/** Where the recent-alerts list came from. */
export type RecentSource = 'none' | 'loading' | 'network' | 'cache' | 'error';

/** Everything the screens show. */
export interface AppState {
  readonly booted: boolean;
  readonly bootError?: string;
  readonly config?: RuntimeConfig;
  readonly flow?: SignInFlow;
  readonly session?: Session;
  /** Set when the session could not be renewed: the UI warns instead of signing the user out. */
  readonly sessionProblem?: string;
  readonly online: boolean;
  readonly connection: ConnectionState;
  readonly retryInMs?: number;
  /** Raised over the WebSocket since sign-in, newest first. */
  readonly liveAlerts: readonly Alert[];
  readonly recentAlerts: readonly Alert[];
  readonly recentSource: RecentSource;
  readonly recentError?: string;
  /** When the shown recent alerts were fetched (epoch ms). */
  readonly dataSavedAt?: number;
  /** Alert ids with an acknowledgement waiting in the queue. */
  readonly queuedAcks: readonly string[];
  readonly toasts: readonly Toast[];
  readonly updateReady: boolean;
}

/** The app's single store. */
export const appStore = createStore<AppState>({
  booted: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  connection: 'disconnected',
  liveAlerts: [],
  recentAlerts: [],
  recentSource: 'none',
  queuedAcks: [],
  toasts: [],
  updateReady: false,
});

let toastId = 0;

/** Shows a message in the one polite live region; the three newest stay until dismissed. */
export function toast(text: string): void {
  appStore.set((s) => ({ toasts: [...s.toasts, { id: ++toastId, text }].slice(-3) }));
}

/** Removes a toast. */
export function dismissToast(id: number): void {
  appStore.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** `tenant/user`: the key that scopes cached rows to the signed-in user. */
export function ownerOf(session: Session): string {
  return `${session.user.tenantId}/${session.user.userId}`;
}
