import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { wsSubscribe } from './ws-subscribe.handler.js';

export const handler = lambdaHandler(wsSubscribe);
