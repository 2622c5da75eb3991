import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { recordAlertStream } from './record-alert-stream.handler.js';

export const handler = lambdaHandler(recordAlertStream);
