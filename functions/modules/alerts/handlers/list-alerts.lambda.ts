import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { listAlerts } from './list-alerts.handler.js';

export const handler = lambdaHandler(listAlerts);
