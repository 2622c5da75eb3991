import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { ingestTelemetry } from './ingest-telemetry.handler.js';

export const handler = lambdaHandler(ingestTelemetry);
