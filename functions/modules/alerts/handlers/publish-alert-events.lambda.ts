import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { publishAlertEvents } from './publish-alert-events.handler.js';

export const handler = lambdaHandler(publishAlertEvents);
