import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { changeAlert } from './change-alert.handler.js';

export const handler = lambdaHandler(changeAlert);
