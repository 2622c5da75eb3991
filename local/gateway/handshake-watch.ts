import type { Duplex } from 'node:stream';

/**
 * Watches the raw socket of a WebSocket upgrade until ws takes it over, so the gateway learns when
 * a client hangs up in the middle of the handshake (while the authorizer or `$connect` runs, or
 * when ws refuses to complete the upgrade and destroys the socket without calling back).
 */
export interface HandshakeWatch {
  /** The client hung up (FIN or reset) before the upgrade completed. */
  readonly dropped: boolean;
  /** Runs `listener` once when the client hangs up before `complete()` (at once if it already has). */
  onDrop(listener: () => void): void;
  /** ws owns the socket now; its 'close' event takes over. */
  complete(): void;
}

/** Starts watching `socket`; call it as soon as the upgrade request arrives. */
export function watchHandshake(socket: Duplex): HandshakeWatch {
  let dropped = socket.destroyed;
  let completed = false;
  let listener: (() => void) | undefined;
  const drop = () => {
    if (dropped || completed) return;
    dropped = true;
    listener?.();
  };
  // A half-closed client (FIN) can never complete the handshake — ws refuses such a socket — so
  // treat it as gone and free the socket now rather than after `$connect`.
  const onEnd = () => socket.destroy();
  socket.once('end', onEnd);
  socket.once('close', drop);
  return {
    get dropped() {
      return dropped;
    },
    onDrop(next) {
      listener = next;
      if (dropped) next();
    },
    complete() {
      completed = true;
      socket.off('end', onEnd);
      socket.off('close', drop);
    },
  };
}
