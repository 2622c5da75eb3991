import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { textOnCall } from './text-on-call.handler.js';

export const handler = lambdaHandler(textOnCall);
