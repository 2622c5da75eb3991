import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { normaliseInboundFunction } from './normalise-inbound.handler.js';

export const handler = lambdaHandler(normaliseInboundFunction);
