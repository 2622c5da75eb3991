import type { Severity } from '../domain/channels.js';

/** Where an alert's escalation stands: the last step notified and the timer of the next one. */
export interface EscalationState {
  readonly tenantId: string;
  readonly alertId: string;
  readonly severity: Severity;
  readonly level: number;
  readonly round: number;
  /** The pending timer's id, absent once the ladder ended or stopped. */
  readonly timerId?: string;
  readonly status: 'running' | 'stopped' | 'ended';
  readonly updatedAt: string;
}

/** One escalation state per alert. */
export interface EscalationStates {
  get(tenantId: string, alertId: string): Promise<EscalationState | undefined>;
  put(state: EscalationState): Promise<void>;
}
