import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { wsAuthorize } from './ws-authorize.handler.js';

export const handler = lambdaHandler(wsAuthorize);
