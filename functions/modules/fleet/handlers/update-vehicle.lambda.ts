import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { updateVehicleFunction } from './update-vehicle.handler.js';

export const handler = lambdaHandler(updateVehicleFunction);
