import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { pushAlertUpdates } from './push-alert-updates.handler.js';

export const handler = lambdaHandler(pushAlertUpdates);
