import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { authorizeHttpFunction } from './authorize-http.handler.js';

export const handler = lambdaHandler(authorizeHttpFunction);
