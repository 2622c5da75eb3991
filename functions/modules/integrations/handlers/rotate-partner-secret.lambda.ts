import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { rotatePartnerSecretFunction } from './rotate-partner-secret.handler.js';

export const handler = lambdaHandler(rotatePartnerSecretFunction);
