import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { getAlert } from './get-alert.handler.js';

export const handler = lambdaHandler(getAlert);
