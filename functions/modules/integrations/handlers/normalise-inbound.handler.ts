import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbIngestLog } from '../../fleet/adapters/dynamodb-ingest-log.js';
import { dynamoDbTelemetryRepository } from '../../fleet/adapters/dynamodb-telemetry-repository.js';
import { telemetryBatchSchema } from '../../fleet/handlers/reading-schema.js';
import { dynamoDbInboundMessageStore } from '../adapters/dynamodb-inbound-message-store.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { ENTITY } from '../adapters/keys.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { INTEGRATIONS_TABLE } from '../tables.js';
import { normaliseInbound } from '../use-cases/normalise-inbound.js';

const bindings = {
  partners: dynamoDbPartnerRepository.read,
  messages: dynamoDbInboundMessageStore.readWrite,
  fleet: dynamoDbFleetRepository.read,
  telemetry: dynamoDbTelemetryRepository.readWrite,
  ingestLog: dynamoDbIngestLog.readWrite,
  alerts: dynamoDbAlertRepository.readWrite,
  events: eventBridgeBus,
};
export type NormaliseInboundDeps = DepsOf<typeof bindings>;

/**
 * Integrations table stream → what each newly stored inbound message means (C10, docs/adr/0106):
 * readings through fleet's ingest use case, `fuel.transaction` (and `FUEL_CARD_MISMATCH`),
 * `billing.invoice`, `helpdesk.ticket_updated`. Records in order, one at a time: a store or bus
 * failure reports that record and the rest for a retry (then the mapping's DLQ); a payload that does
 * not parse is marked `rejected` on the message and never retried. Partner records share the table
 * and are skipped.
 */
export function createNormaliseInboundHandler(deps: NormaliseInboundDeps): StreamLambdaHandler {
  const ports = { ...deps, readingsSchema: telemetryBatchSchema(deps.clock) };
  return streamHandler({ declaration: normaliseInboundFunction, deps }, async (record) => {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== ENTITY.inboundMessage) return;
    const message = messageOf(item);
    const outcome = await normaliseInbound(ports, message);
    count(deps.metrics, `inbound_${outcome.status}`, 1);
    const log = outcome.status === 'rejected' ? deps.logger.warn : deps.logger.info;
    log.call(deps.logger, 'Inbound message normalised', {
      partnerId: message.partnerId,
      messageId: message.messageId,
      kind: message.kind,
      outcome,
    });
  });
}

function messageOf(item: Record<string, unknown>): InboundMessage {
  return {
    tenantId: String(item.tenantId),
    partnerId: String(item.partnerId),
    kind: item.kind as InboundMessage['kind'],
    scheme: item.scheme as InboundMessage['scheme'],
    messageId: String(item.messageId),
    receivedAt: String(item.receivedAt),
    body: String(item.body),
    headers: (item.headers ?? {}) as Record<string, string>,
  };
}

export const normaliseInboundFunction = defineFunction({
  name: 'normaliseInbound',
  description: 'Integrations stream: stored partner messages → readings, fuel/billing/helpdesk events, alerts',
  entry: 'functions/modules/integrations/handlers/normalise-inbound.lambda.ts',
  triggers: [
    {
      kind: 'stream',
      table: INTEGRATIONS_TABLE,
      batchSize: 25,
      startingPosition: 'TRIM_HORIZON',
      retryAttempts: 10,
      eventNames: ['INSERT'],
    },
  ],
  bindings,
  factory: createNormaliseInboundHandler,
  timeoutSeconds: 30,
});
