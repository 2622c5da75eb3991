import { awsDeps } from '../platform/aws-deps.js';
import { createDispatchAlertHandler } from './dispatch-alert.handler.js';

export const handler = createDispatchAlertHandler(awsDeps());
