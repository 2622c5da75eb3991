import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { readRules } from './read-rules.handler.js';

export const handler = lambdaHandler(readRules);
