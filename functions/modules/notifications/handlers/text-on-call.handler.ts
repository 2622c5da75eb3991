import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { EventPattern } from '../../../platform/wiring/events.js';
import { ALERT_RAISED_PATTERN, alertSchema } from '../../alerts/events.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbAttemptLog } from '../adapters/dynamodb-attempt-log.js';
import { snsNotifier } from '../adapters/sns-notifier.js';
import { sendOnCallText } from '../use-cases/text-on-call.js';
import { retryDelaysFromEnvironment } from './retry-delays.js';

const bindings = {
  fleet: dynamoDbFleetRepository.read,
  attempts: dynamoDbAttemptLog.readWrite,
  notifier: snsNotifier('sms'),
};
export type TextOnCallDeps = DepsOf<typeof bindings>;

/** Only CRITICAL raises reach this function: the rule filters on the bus, so no other alert invokes it. */
export const CRITICAL_ALERT_RAISED_PATTERN: EventPattern = {
  ...ALERT_RAISED_PATTERN,
  detail: { severity: ['CRITICAL'] },
};

/**
 * `alert.raised` (CRITICAL) → the `sendOnCallText` use case (C5). A provider error is retried in
 * the function and then dead-lettered with its record, like every notification (ADR 0111).
 */
export function createTextOnCallHandler(deps: TextOnCallDeps): BusLambdaHandler {
  const retryDelaysMs = retryDelaysFromEnvironment();
  return eventHandler({ declaration: textOnCall, deps, detail: alertSchema }, async (alert) => {
    deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
    await sendOnCallText({ ...deps, retryDelaysMs }, alert);
  });
}

export const textOnCall = defineFunction({
  name: 'textOnCall',
  description: "Texts the tenant's on-call number for every CRITICAL alert, once",
  entry: 'functions/modules/notifications/handlers/text-on-call.lambda.ts',
  triggers: [{ kind: 'event', pattern: CRITICAL_ALERT_RAISED_PATTERN }],
  timeoutSeconds: 30,
  bindings,
  factory: createTextOnCallHandler,
});
