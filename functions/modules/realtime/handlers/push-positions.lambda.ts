import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { pushPositionsFunction } from './push-positions.handler.js';

export const handler = lambdaHandler(pushPositionsFunction);
