import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notificationInbox } from './notification-inbox.handler.js';

export const handler = lambdaHandler(notificationInbox);
