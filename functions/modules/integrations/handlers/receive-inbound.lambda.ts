import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { receiveInboundFunction } from './receive-inbound.handler.js';

export const handler = lambdaHandler(receiveInboundFunction);
