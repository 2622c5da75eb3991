import { apiRequest } from './http.js';

/**
 * The seed fault of the README (engine 120 °C, oil 10 psi) for one vehicle, posted as the tenant's
 * telematics partner with `partnerToken`: it raises one CRITICAL ENGINE_FAILURE alert.
 */
export async function sendSeedFault(vehicleId: string, partnerToken: string): Promise<{ accepted: number }> {
  return apiRequest<{ accepted: number }>('/v1/telemetry', {
    method: 'POST',
    token: partnerToken,
    body: { readings: [{ vehicleId, ts: new Date().toISOString(), engineTemp: 120, oilPressure: 10 }] },
  });
}
