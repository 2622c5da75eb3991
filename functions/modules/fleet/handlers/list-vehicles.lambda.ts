import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { listVehiclesFunction } from './list-vehicles.handler.js';

export const handler = lambdaHandler(listVehiclesFunction);
