import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { wsDefault } from './ws-default.handler.js';

export const handler = lambdaHandler(wsDefault);
