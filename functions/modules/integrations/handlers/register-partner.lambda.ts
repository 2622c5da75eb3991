import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { registerPartnerFunction } from './register-partner.handler.js';

export const handler = lambdaHandler(registerPartnerFunction);
