import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Tickets and live agents (docs/adr/0101): tickets, their internal notes, canned responses,
 * knowledge-base articles and the tenant's SLA policy. Every partition key but the SLA sweep's
 * starts with the tenant; `byCustomer` lists one customer's tickets; `bySlaDue` is sparse and
 * holds only tickets with a running clock whose breach is still to come.
 */
export const TICKETS_TABLE = defineTable({
  id: 'tickets',
  envVar: 'TICKETS_TABLE',
  ...PK_SK,
  // Every stored ticket change owes its events; the stream publishes them (publishTicketEvents).
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: 'byCustomer', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    { indexName: 'bySlaDue', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
  ],
});
