import type { AlertFacts, MaintenanceDue, RuleFacts, VehicleFacts } from '../domain/facts.js';

/** What the bot reads of the alerts module: alerts, the rules that raised them, maintenance status. */
export interface AlertReader {
  /** The vehicle's unresolved alerts (open and acknowledged), newest first, at most `limit`. */
  openAlerts(tenantId: string, vehicleId: string, limit: number): Promise<AlertFacts[]>;
  /** One alert of the tenant; undefined for another tenant's or an unknown id. */
  alert(tenantId: string, alertId: string): Promise<AlertFacts | undefined>;
  /** The rule in force (the tenant's or the default pack's); undefined when there is none. */
  rule(tenantId: string, ruleId: string): Promise<RuleFacts | undefined>;
  /** Where the vehicle stands in each enabled maintenance rule that applies to it. */
  maintenanceDue(tenantId: string, vehicle: VehicleFacts, now: Date): Promise<MaintenanceDue[]>;
}
