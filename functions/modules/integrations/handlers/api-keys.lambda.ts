import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { apiKeysFunction } from './api-keys.handler.js';

export const handler = lambdaHandler(apiKeysFunction);
