import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Support chat (docs/adr/0100): conversations, their messages and read marks, the send records
 * that make a `clientMessageId` store one message, and hand-off tickets. Every partition key
 * starts with the tenant; `byOwner` lists one customer's conversations.
 */
export const CHAT_TABLE = defineTable({
  id: 'chat',
  envVar: 'CHAT_TABLE',
  ...PK_SK,
  // The tickets module opens its ticket from the hand-off item's INSERT (docs/adr/0101).
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: 'byOwner', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
  ],
});
