import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { alertDeliveries } from './alert-deliveries.handler.js';

export const handler = lambdaHandler(alertDeliveries);
