import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { postMessage } from './post-message.handler.js';

export const handler = lambdaHandler(postMessage);
