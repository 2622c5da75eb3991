import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

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
    // One person's sockets (`<tenantId>#<userId>`): notifications and a conversation's owner,
    // without reading every socket of a tenant whose drivers are online by the hundred.
    {
      indexName: 'byUser',
      partitionKey: { name: 'tenantUser', type: 'S' },
      sortKey: { name: 'connectionId', type: 'S' },
    },
    // Sparse: only sockets of staff (STAFF_ROLES) carry `staffTenant`, so alert watchers and
    // support agents are found without the drivers' sockets.
    {
      indexName: 'staffByTenant',
      partitionKey: { name: 'staffTenant', type: 'S' },
      sortKey: { name: 'connectionId', type: 'S' },
    },
  ],
});

/**
 * The per-tenant alert event log the SSE stream reads and resumes from (ADR 0075): `pk =
 * events#{tenantId}`, `sk` = the event id (a ULID, so ids sort by append time), plus one
 * idempotency item per bus event (`pk = source#{tenantId}#{busEventId}`). The TTL bounds how far
 * back a `Last-Event-ID` can resume.
 */
export const ALERT_STREAM_TABLE = defineTable({
  id: 'alertStream',
  envVar: 'ALERT_STREAM_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});
