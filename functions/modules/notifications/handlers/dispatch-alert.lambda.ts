import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { dispatchAlert } from './dispatch-alert.handler.js';

export const handler = lambdaHandler(dispatchAlert);
