import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { trackOpenAlertsFunction } from './track-open-alerts.handler.js';

export const handler = lambdaHandler(trackOpenAlertsFunction);
