import type { Reading } from '../../fleet/domain/reading.js';
import type { Alert } from './alert.js';
import { alertIdFor } from './alert-id.js';
import { type AlertRule, evaluateReading } from './rules.js';

/**
 * The alerts the rule pack produces for a batch of readings, oldest reading first, each with its
 * deterministic id. Whether each is actually raised (one open alert per vehicle and type) is the
 * repository's decision, made atomically.
 */
export function candidateAlerts(
  tenantId: string,
  readings: readonly Reading[],
  rules: readonly AlertRule[],
  raisedAt: string,
): Alert[] {
  const ordered = [...readings].sort((a, b) => a.ts.localeCompare(b.ts));
  return ordered.flatMap((reading) =>
    evaluateReading(rules, reading).map((finding) => ({
      tenantId,
      alertId: alertIdFor(tenantId, reading.vehicleId, finding.type, reading.ts),
      vehicleId: reading.vehicleId,
      type: finding.type,
      severity: finding.severity,
      status: 'open' as const,
      message: finding.message,
      reading,
      raisedAt,
    })),
  );
}
