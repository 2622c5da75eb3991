import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { wsConnect } from './ws-connect.handler.js';

export const handler = lambdaHandler(wsConnect);
