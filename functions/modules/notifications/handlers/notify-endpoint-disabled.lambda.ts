import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { notifyEndpointDisabled } from './notify-endpoint-disabled.handler.js';

export const handler = lambdaHandler(notifyEndpointDisabled);
