import { defineTable } from '../../platform/wiring/tables.js';

/** Live WebSocket connections; the TTL reaps connections whose $disconnect never arrived. */
export const CONNECTIONS_TABLE = defineTable({
  id: 'connections',
  envVar: 'CONNECTIONS_TABLE',
  partitionKey: { name: 'connectionId', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: 'byTenant',
      partitionKey: { name: 'tenantId', type: 'S' },
      sortKey: { name: 'connectionId', type: 'S' },
    },
  ],
});
