import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { vehicleTelemetryFunction } from './vehicle-telemetry.handler.js';

export const handler = lambdaHandler(vehicleTelemetryFunction);
