import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { indexMessages } from './index-messages.handler.js';

export const handler = lambdaHandler(indexMessages);
