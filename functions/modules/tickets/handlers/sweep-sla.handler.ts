import { count, type LambdaHandler, observedHandler } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { dynamoDbTicketStore } from '../adapters/dynamodb-ticket-store.js';
import { sweepSla as sweep } from '../use-cases/sweep-sla.js';

const bindings = {
  tickets: dynamoDbTicketStore.readWrite,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
};
export type SweepSlaDeps = DepsOf<typeof bindings>;

/**
 * Every minute: records the SLA breaches that fell due (docs/adr/0101). A breach is visible on
 * the ticket from then on and the stream publishes `ticket.sla_breached`. (A durable per-ticket
 * timer would tell the exact second; the notifications module's timer port is the place for it.)
 */
export function createSweepSlaHandler(deps: SweepSlaDeps): LambdaHandler<unknown, { breached: number }> {
  const ports = { tickets: deps.tickets, delivery: deps, clock: deps.clock };
  return observedHandler<unknown, { breached: number }>(deps, sweepSla.name).handler(async () => {
    const { breached } = await sweep(ports);
    count(deps.metrics, 'slaBreaches', breached.length);
    return { breached: breached.length };
  }) as LambdaHandler<unknown, { breached: number }>;
}

export const sweepSla = defineFunction({
  name: 'sweepSla',
  description: 'Every minute: records SLA breaches that fell due on open tickets',
  entry: 'functions/modules/tickets/handlers/sweep-sla.lambda.ts',
  triggers: [{ kind: 'schedule', expression: 'rate(1 minute)' }],
  bindings,
  factory: createSweepSlaHandler,
  timeoutSeconds: 60,
});
