import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { registerVehicleFunction } from './register-vehicle.handler.js';

export const handler = lambdaHandler(registerVehicleFunction);
