import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notificationTimers } from './notification-timers.handler.js';

export const handler = lambdaHandler(notificationTimers);
