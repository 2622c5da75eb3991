import { awsDeps } from '../platform/aws-deps.js';
import { createEvaluateAlertsHandler } from './evaluate-alerts.handler.js';

export const handler = createEvaluateAlertsHandler(awsDeps());
