import { defineModule } from '../../platform/wiring/module.js';
import { TooManyReadings, UnknownVehicle } from './errors.js';
import { FLEET_EVENTS } from './events.js';
import { ingestTelemetry } from './handlers/ingest-telemetry.handler.js';
import { publishReadingsFunction } from './handlers/publish-readings.handler.js';
import { FLEET_TABLE, TELEMETRY_TABLE } from './tables.js';

/** Fleet and telemetry (C2): tenants, users, vehicles, vehicle state and raw readings. */
export const fleetModule = defineModule({
  name: 'fleet',
  tables: [FLEET_TABLE, TELEMETRY_TABLE],
  functions: [ingestTelemetry, publishReadingsFunction],
  events: { source: FLEET_EVENTS.source, detailTypes: [FLEET_EVENTS.telemetryReceived] },
  errors: [UnknownVehicle, TooManyReadings],
});
