import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { getVehicleFunction } from './get-vehicle.handler.js';

export const handler = lambdaHandler(getVehicleFunction);
