import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { escalationPolicies } from './escalation-policies.handler.js';

export const handler = lambdaHandler(escalationPolicies);
