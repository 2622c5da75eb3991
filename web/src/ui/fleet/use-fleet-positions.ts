import { useEffect, useRef } from 'preact/hooks';
import { type LivePosition, positionOf } from '../../fleet/live-positions.js';
import { liveSocket } from '../../state/app-controller.js';

/** The whole fleet's positions: the server checks the role and scopes `*` to the caller's tenant. */
const SUBSCRIBE = { action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' } as const;
const UNSUBSCRIBE = { action: 'unsubscribe', topic: 'vehicle.position', vehicleId: '*' } as const;

/**
 * While the calling screen is mounted and `enabled`, holds the fleet's `vehicle.position`
 * subscription on the live socket (sent again on every reconnect, since it lives per connection;
 * released when the screen goes) and calls `onPosition` with each frame's position.
 */
export function useFleetPositions(enabled: boolean, onPosition: (position: LivePosition) => void): void {
  // The latest callback, so a re-render does not unsubscribe and subscribe again.
  const callback = useRef(onPosition);
  callback.current = onPosition;
  const socket = liveSocket();
  useEffect(() => {
    if (!socket || !enabled) return;
    const stopListening = socket.listen((frame) => {
      if (frame.type !== 'vehicle.position') return;
      const position = positionOf(frame.data);
      if (position) callback.current(position);
    });
    // Objects of this mount: the socket holds actions by identity, so two holders never release each other.
    const release = socket.hold({ ...SUBSCRIBE }, UNSUBSCRIBE);
    return () => {
      release();
      stopListening();
    };
  }, [socket, enabled]);
}
