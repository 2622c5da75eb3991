import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { indexVehicles } from './index-vehicles.handler.js';

export const handler = lambdaHandler(indexVehicles);
