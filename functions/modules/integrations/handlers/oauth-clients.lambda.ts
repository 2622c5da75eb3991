import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { oauthClientsFunction } from './oauth-clients.handler.js';

export const handler = lambdaHandler(oauthClientsFunction);
