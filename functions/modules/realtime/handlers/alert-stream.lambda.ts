import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { alertStream } from './alert-stream.handler.js';

export const handler = lambdaHandler(alertStream);
