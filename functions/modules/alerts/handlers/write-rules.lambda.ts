import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { writeRules } from './write-rules.handler.js';

export const handler = lambdaHandler(writeRules);
