import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { webhookEndpointsFunction } from './webhook-endpoints.handler.js';

export const handler = lambdaHandler(webhookEndpointsFunction);
