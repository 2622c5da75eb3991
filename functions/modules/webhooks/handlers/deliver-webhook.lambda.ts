import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { deliverWebhookFunction } from './deliver-webhook.handler.js';

export const handler = lambdaHandler(deliverWebhookFunction);
