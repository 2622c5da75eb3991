import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { vehicleMapFunction } from './vehicle-map.handler.js';

export const handler = lambdaHandler(vehicleMapFunction);
