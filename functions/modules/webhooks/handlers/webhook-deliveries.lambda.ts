import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { webhookDeliveriesFunction } from './webhook-deliveries.handler.js';

export const handler = lambdaHandler(webhookDeliveriesFunction);
