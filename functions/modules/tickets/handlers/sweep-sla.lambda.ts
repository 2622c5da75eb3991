import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { sweepSla } from './sweep-sla.handler.js';

export const handler = lambdaHandler(sweepSla);
