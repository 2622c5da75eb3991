import { ExposableError } from '../../platform/errors.js';

/** Readings name vehicles that are not in the caller's fleet; nothing of the batch was stored. */
export class UnknownVehicle extends ExposableError {
  override readonly name = 'UnknownVehicle';
  constructor(readonly vehicleIds: readonly string[]) {
    const shown = vehicleIds.slice(0, 10).join(', ');
    const more = vehicleIds.length > 10 ? ` and ${vehicleIds.length - 10} more` : '';
    super(422, 'UNKNOWN_VEHICLE', `Not vehicles of your fleet: ${shown}${more}; nothing was stored`, {
      details: { vehicleIds },
    });
  }
}

/** The batch holds more readings than one request may. */
export class TooManyReadings extends ExposableError {
  override readonly name = 'TooManyReadings';
  constructor(count: number, max: number) {
    super(413, 'TOO_MANY_READINGS', `A batch may hold at most ${max} readings; this one has ${count}`);
  }
}

/** The tenant has no such vehicle, or the caller may not see it (another tenant's, another driver's). */
export class VehicleNotFound extends ExposableError {
  override readonly name = 'VehicleNotFound';
  constructor(vehicleId: string) {
    super(404, 'VEHICLE_NOT_FOUND', `No vehicle ${vehicleId} in your fleet`);
  }
}

/** `POST /v1/vehicles` for an id the tenant already has. */
export class VehicleExists extends ExposableError {
  override readonly name = 'VehicleExists';
  constructor(vehicleId: string) {
    super(409, 'VEHICLE_EXISTS', `Vehicle ${vehicleId} is already registered; change it with PATCH`);
  }
}
