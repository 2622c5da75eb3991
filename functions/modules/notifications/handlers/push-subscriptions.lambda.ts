import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { pushSubscriptions } from './push-subscriptions.handler.js';

export const handler = lambdaHandler(pushSubscriptions);
