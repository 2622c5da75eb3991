import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { recordEscalation } from './record-escalation.handler.js';

export const handler = lambdaHandler(recordEscalation);
