import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notifyAlert } from './notify-alert.handler.js';

export const handler = lambdaHandler(notifyAlert);
