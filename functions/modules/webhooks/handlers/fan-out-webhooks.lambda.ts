import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { fanOutWebhooksFunction } from './fan-out-webhooks.handler.js';

export const handler = lambdaHandler(fanOutWebhooksFunction);
