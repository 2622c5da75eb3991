import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notificationPreferences } from './notification-preferences.handler.js';

export const handler = lambdaHandler(notificationPreferences);
