import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { cannedResponses } from './canned-responses.handler.js';

export const handler = lambdaHandler(cannedResponses);
