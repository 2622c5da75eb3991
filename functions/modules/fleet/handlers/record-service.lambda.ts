import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { recordServiceFunction } from './record-service.handler.js';

export const handler = lambdaHandler(recordServiceFunction);
