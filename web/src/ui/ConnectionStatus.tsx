import type { ConnectionState } from '../realtime/live-socket.js';
import { appStore } from '../state/app-state.js';
import { useStore } from '../state/store.js';

const LABELS: Readonly<Record<ConnectionState, { shape: string; text: string }>> = {
  connecting: { shape: '◌', text: 'Connecting to live alerts…' },
  connected: { shape: '●', text: 'Live: connected' },
  reconnecting: { shape: '◌', text: 'Reconnecting…' },
  offline: { shape: '○', text: 'Offline' },
  disconnected: { shape: '○', text: 'Not connected' },
};

/** The live-alert connection state as a shape and words (never colour alone). */
export function ConnectionStatus() {
  const state = useStore(appStore, (s) => s.connection);
  const label = LABELS[state];
  return (
    <p class={`connection connection-${state}`} data-state={state}>
      <span aria-hidden="true">{label.shape}</span> {label.text}
    </p>
  );
}
