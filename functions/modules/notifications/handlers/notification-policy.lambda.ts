import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notificationPolicy } from './notification-policy.handler.js';

export const handler = lambdaHandler(notificationPolicy);
