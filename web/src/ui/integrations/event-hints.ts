import type { OutboundEventType } from '../../api/integrations-client.js';

/** Words after an event type's name in the subscription choices. */
export const EVENT_HINTS: Partial<Record<OutboundEventType, string>> = {
  'vehicle.position': ' (one message per reading: high volume)',
};
