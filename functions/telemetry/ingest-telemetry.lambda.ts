import { awsDeps } from '../platform/aws-deps.js';
import { createIngestTelemetryHandler } from './ingest-telemetry.handler.js';

export const handler = createIngestTelemetryHandler(awsDeps());
