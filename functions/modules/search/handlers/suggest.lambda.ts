import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { suggest } from './suggest.handler.js';

export const handler = lambdaHandler(suggest);
