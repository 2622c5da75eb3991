import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { wsDisconnect } from './ws-disconnect.handler.js';

export const handler = lambdaHandler(wsDisconnect);
