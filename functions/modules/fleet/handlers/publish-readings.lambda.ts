import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { publishReadingsFunction } from './publish-readings.handler.js';

export const handler = lambdaHandler(publishReadingsFunction);
