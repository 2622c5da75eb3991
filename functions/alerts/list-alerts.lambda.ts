import { awsDeps } from '../platform/aws-deps.js';
import { createListAlertsHandler } from './list-alerts.handler.js';

export const handler = createListAlertsHandler(awsDeps());
