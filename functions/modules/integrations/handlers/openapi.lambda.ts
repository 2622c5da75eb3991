import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { openApiFunction } from './openapi.handler.js';

export const handler = lambdaHandler(openApiFunction);
