import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { indexAlerts } from './index-alerts.handler.js';

export const handler = lambdaHandler(indexAlerts);
