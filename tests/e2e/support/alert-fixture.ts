import type { Alert } from '../../../functions/modules/alerts/domain/alert.js';

/**
 * A whole alert as the alerts module publishes it. It carries both `reading` (today's Alert) and
 * `readings`/`history` (the contract of issue #9), so it satisfies the alerts module's schema
 * before and after that module's migration.
 */
export function alertFixture(tenantId: string, alertId: string, overrides: Record<string, unknown> = {}): Alert {
  const ts = '2026-11-22T13:59:00.000Z';
  const reading = { vehicleId: 'TRK-101', ts, engineTemp: 120, oilPressure: 10 };
  return {
    tenantId,
    alertId,
    vehicleId: 'TRK-101',
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    status: 'open',
    message: 'Engine failure on TRK-101',
    reading,
    readings: [reading],
    history: [],
    raisedAt: ts,
    ...overrides,
  } as unknown as Alert;
}
