import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';

const RAISED_AT = '2026-11-22T13:59:00.000Z';

/** The seed fault's alert (CRITICAL ENGINE_FAILURE on TRK-101) of `tenantId`, with `overrides`. */
export function engineFailureAlert(
  tenantId: string,
  overrides: Partial<Pick<Alert, 'severity' | 'status'>> = {},
): Alert {
  return {
    tenantId,
    alertId: alertIdFor(tenantId, 'TRK-101', 'ENGINE_FAILURE', RAISED_AT),
    vehicleId: 'TRK-101',
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    status: 'open',
    message: 'Engine failure on TRK-101',
    readings: [{ vehicleId: 'TRK-101', ts: RAISED_AT, engineTemp: 120, oilPressure: 10 }],
    history: [],
    raisedAt: RAISED_AT,
    ...overrides,
  };
}
