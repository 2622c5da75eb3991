import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Partners (their encrypted secrets), and the inbound messages each sent: the message's key is
 * its de-duplication key, kept with the raw body for audit and replay (TTL).
 */
export const INTEGRATIONS_TABLE = defineTable({
  id: 'integrations',
  envVar: 'INTEGRATIONS_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
  // A stored message is accepted: its stream carries it on to normalisation (docs/adr/0106).
  stream: 'NEW_IMAGE',
});
