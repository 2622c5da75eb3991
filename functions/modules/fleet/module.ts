import { defineModule } from '../../platform/wiring/module.js';
import { TooManyReadings, UnknownVehicle, VehicleExists, VehicleNotFound } from './errors.js';
import { FLEET_EVENTS } from './events.js';
import { getVehicleFunction } from './handlers/get-vehicle.handler.js';
import { ingestTelemetry } from './handlers/ingest-telemetry.handler.js';
import { listVehiclesFunction } from './handlers/list-vehicles.handler.js';
import { publishReadingsFunction } from './handlers/publish-readings.handler.js';
import { recordServiceFunction } from './handlers/record-service.handler.js';
import { registerVehicleFunction } from './handlers/register-vehicle.handler.js';
import { trackOpenAlertsFunction } from './handlers/track-open-alerts.handler.js';
import { updateVehicleFunction } from './handlers/update-vehicle.handler.js';
import { vehicleTelemetryFunction } from './handlers/vehicle-telemetry.handler.js';
import { FLEET_TABLE, INGEST_LOG_TABLE, TELEMETRY_TABLE } from './tables.js';

/** Fleet and telemetry (C2): tenants, users, vehicles, vehicle state and raw readings. */
export const fleetModule = defineModule({
  name: 'fleet',
  tables: [FLEET_TABLE, TELEMETRY_TABLE, INGEST_LOG_TABLE],
  functions: [
    ingestTelemetry,
    publishReadingsFunction,
    listVehiclesFunction,
    getVehicleFunction,
    registerVehicleFunction,
    updateVehicleFunction,
    vehicleTelemetryFunction,
    recordServiceFunction,
    trackOpenAlertsFunction,
  ],
  events: {
    source: FLEET_EVENTS.source,
    detailTypes: [FLEET_EVENTS.telemetryReceived, FLEET_EVENTS.vehicleRegistered, FLEET_EVENTS.vehicleUpdated],
  },
  errors: [UnknownVehicle, TooManyReadings, VehicleNotFound, VehicleExists],
});
