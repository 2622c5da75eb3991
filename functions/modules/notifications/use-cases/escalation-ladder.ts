import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { Alert } from '../../alerts/domain/alert.js';
import type { AlertRepository } from '../../alerts/ports/alert-repository.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { stepTag } from '../domain/dedup.js';
import {
  defaultEscalationPolicy,
  type EscalationPolicy,
  firstStep,
  type LadderStep,
  levelTargets,
  nextStep,
  stillEscalates,
} from '../domain/escalation.js';
import { type EscalationTriggered, NOTIFICATION_EVENTS } from '../events.js';
import type { EscalationStates } from '../ports/escalation-state.js';
import type { NotificationSettings } from '../ports/notification-settings.js';
import { type NotifyPorts, notifyPeople } from './notify-people.js';

/** The ports of the escalation ladder. */
export interface LadderPorts extends NotifyPorts {
  readonly fleet: Pick<FleetRepository, 'listUsers'>;
  readonly settings: NotifyPorts['settings'] & Pick<NotificationSettings, 'getEscalationPolicy'>;
  readonly states: EscalationStates;
}

/** The id of the timer of one step: unique per step, so a fired schedule never races the next one. */
export function escalationTimerId(
  tenantId: string,
  alertId: string,
  step: Pick<LadderStep, 'level' | 'round'>,
): string {
  return `escalation#${tenantId}#${alertId}#${stepTag(step.level, step.round)}`;
}

async function policyFor(ports: LadderPorts, alert: Alert): Promise<EscalationPolicy> {
  return (
    (await ports.settings.getEscalationPolicy(alert.tenantId, alert.severity)) ??
    defaultEscalationPolicy(alert.severity)
  );
}

/** Sets the timer of `step`, due `step.afterSeconds` after `from`, and records it as pending. */
async function scheduleStep(
  ports: LadderPorts,
  alert: Alert,
  step: LadderStep,
  from: Date,
  current: { level: number; round: number },
) {
  const timerId = escalationTimerId(alert.tenantId, alert.alertId, step);
  await ports.timers.schedule({
    id: timerId,
    at: new Date(from.getTime() + step.afterSeconds * 1000),
    payload: {
      kind: 'escalation',
      tenantId: alert.tenantId,
      alertId: alert.alertId,
      severity: alert.severity,
      level: step.level,
      round: step.round,
    },
  });
  await ports.states.put({
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    severity: alert.severity,
    ...current,
    timerId,
    status: 'running',
    updatedAt: ports.clock.now().toISOString(),
  });
}

/** Tells the people of one level, the step due at `dueAt`, and returns who they were. */
async function notifyLevel(
  ports: LadderPorts,
  alert: Alert,
  policy: EscalationPolicy,
  step: LadderStep,
  dueAt: string,
): Promise<string[]> {
  const level = policy.levels[step.level];
  if (!level) return [];
  const users = await ports.fleet.listUsers(alert.tenantId);
  const people = levelTargets(level, users);
  const escalated = step.level > 0 || step.round > 0;
  await notifyPeople(ports, alert, people, {
    tag: stepTag(step.level, step.round),
    dueAt,
    channels: level.channels,
    ...(escalated
      ? { escalation: `Escalated: level ${step.level + 1}${step.round > 0 ? `, round ${step.round + 1}` : ''}` }
      : {}),
  });
  return people.map((p) => p.userId);
}

/**
 * `alert.raised` (C5): tells level 0 of the severity's escalation policy (the tenant's, or the
 * default ladder) at once — or sets its timer if it waits — and sets the timer of the next level,
 * due `afterSeconds` after the alert was raised, so a redelivered event sets the very same timer.
 */
export async function startNotifications(ports: LadderPorts, alert: Alert): Promise<void> {
  const policy = await policyFor(ports, alert);
  const first = firstStep(policy);
  if (!first) return;
  const raisedAt = new Date(alert.raisedAt);
  if (first.afterSeconds > 0) {
    await scheduleStep(ports, alert, first, raisedAt, { level: -1, round: 0 });
    return;
  }
  await notifyLevel(ports, alert, policy, first, alert.raisedAt);
  const next = nextStep(policy, first);
  if (next) await scheduleStep(ports, alert, next, raisedAt, first);
  else await endLadder(ports, alert, first, 'ended');
}

async function endLadder(
  ports: LadderPorts,
  alert: Pick<Alert, 'tenantId' | 'alertId' | 'severity'>,
  at: { level: number; round: number },
  status: 'ended' | 'stopped',
) {
  await ports.states.put({
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    severity: alert.severity,
    level: at.level,
    round: at.round,
    status,
    updatedAt: ports.clock.now().toISOString(),
  });
}

/** What a fired escalation timer did. */
export type EscalationOutcome = 'escalated' | 'stopped' | 'stale';

/**
 * An escalation timer fell due: if the alert is still open (nobody acknowledged) and the timer is
 * the one the ladder waits for, tell that level, publish `escalation.triggered` (the alerts module
 * records it in the alert's history and publishes `alert.escalated`) and set the next level's timer,
 * due `afterSeconds` after this one was due. An acknowledged or resolved alert stops the ladder.
 */
export async function escalate(
  ports: LadderPorts & {
    readonly alerts: Pick<AlertRepository, 'get'>;
    readonly events: EventPublisher;
  },
  timer: {
    readonly timerId: string;
    readonly dueAt: string;
    readonly tenantId: string;
    readonly alertId: string;
    readonly level: number;
    readonly round: number;
  },
): Promise<EscalationOutcome> {
  const [alert, state] = await Promise.all([
    ports.alerts.get(timer.tenantId, timer.alertId),
    ports.states.get(timer.tenantId, timer.alertId),
  ]);
  if (state?.status !== 'running' || state.timerId !== timer.timerId) return 'stale';
  if (!alert || !stillEscalates(alert.status)) {
    await endLadder(ports, state, state, 'stopped');
    return 'stopped';
  }
  const policy = await policyFor(ports, alert);
  const step: LadderStep = { level: timer.level, round: timer.round, afterSeconds: 0 };
  const notified = await notifyLevel(ports, alert, policy, step, timer.dueAt);
  const detail: EscalationTriggered = {
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    level: step.level,
    round: step.round,
    step: stepTag(step.level, step.round),
    notified,
    at: ports.clock.now().toISOString(),
  };
  // Level 0 waiting for its own afterSeconds is the first notice, not an escalation.
  if (step.level > 0 || step.round > 0) {
    await ports.events.publish([
      { source: NOTIFICATION_EVENTS.source, detailType: NOTIFICATION_EVENTS.escalationTriggered, detail },
    ]);
  }
  const next = nextStep(policy, step);
  if (next) await scheduleStep(ports, alert, next, new Date(timer.dueAt), step);
  else await endLadder(ports, alert, step, 'ended');
  return 'escalated';
}

/**
 * `alert.acknowledged` / `alert.resolved`: the pending escalation timer is cancelled and the
 * ladder stopped. (A timer that fires in between finds the alert no longer open and stops too.)
 */
export async function stopEscalation(
  ports: Pick<LadderPorts, 'states' | 'timers' | 'clock'>,
  alert: Pick<Alert, 'tenantId' | 'alertId'>,
): Promise<boolean> {
  const state = await ports.states.get(alert.tenantId, alert.alertId);
  if (state?.status !== 'running') return false;
  if (state.timerId) await ports.timers.cancel(state.timerId);
  const { timerId: _cancelled, ...rest } = state;
  await ports.states.put({ ...rest, status: 'stopped', updatedAt: ports.clock.now().toISOString() });
  return true;
}
