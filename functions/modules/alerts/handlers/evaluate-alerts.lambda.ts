import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { evaluateAlerts } from './evaluate-alerts.handler.js';

export const handler = lambdaHandler(evaluateAlerts);
