import { awsDeps } from '../platform/aws-deps.js';
import { createIndexAlertsHandler } from './index-alerts.handler.js';

export const handler = createIndexAlertsHandler(awsDeps());
