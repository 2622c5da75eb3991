import { useEffect, useRef } from 'preact/hooks';
import { type LivePosition, positionOf } from '../../fleet/live-positions.js';
import { liveSocket } from '../../state/app-controller.js';

/**
 * While the calling screen is mounted and `enabled`, holds a `vehicle.position` subscription on the
 * live socket (sent again on every reconnect, since it lives per connection; released when the
 * screen goes) and calls `onPosition` with each frame's position. `vehicleId` is one vehicle, or `*`
 * for the fleet; the server checks the role and matches either only in the caller's tenant.
 */
export function useFleetPositions(
  enabled: boolean,
  onPosition: (position: LivePosition) => void,
  vehicleId = '*',
): void {
  // The latest callback, so a re-render does not unsubscribe and subscribe again.
  const callback = useRef(onPosition);
  callback.current = onPosition;
  const socket = liveSocket();
  useEffect(() => {
    if (!socket || !enabled) return;
    const stopListening = socket.listen((frame) => {
      if (frame.type !== 'vehicle.position') return;
      const position = positionOf(frame.data);
      // Another screen's subscription on the same socket may bring other vehicles' frames.
      if (position && (vehicleId === '*' || position.vehicleId === vehicleId)) callback.current(position);
    });
    // Objects of this mount: the socket holds actions by identity, so two holders never release each other.
    const topic = { topic: 'vehicle.position', vehicleId };
    const release = socket.hold({ action: 'subscribe', ...topic }, { action: 'unsubscribe', ...topic });
    return () => {
      release();
      stopListening();
    };
  }, [socket, enabled, vehicleId]);
}
