import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { stopEscalation } from './stop-escalation.handler.js';

export const handler = lambdaHandler(stopEscalation);
