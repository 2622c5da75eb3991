import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { search } from './search.handler.js';

export const handler = lambdaHandler(search);
