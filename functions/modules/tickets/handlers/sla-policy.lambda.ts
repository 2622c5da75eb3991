import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { slaPolicy } from './sla-policy.handler.js';

export const handler = lambdaHandler(slaPolicy);
