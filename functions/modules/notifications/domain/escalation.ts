import type { Role } from '../../../platform/wiring/roles.js';
import type { Channel, Severity } from './channels.js';

/** One level of an escalation policy (contract: `levels[]`). */
export interface EscalationLevel {
  /** Seconds after the previous level was notified (after the alert was raised, for level 0). */
  readonly afterSeconds: number;
  readonly notify: { readonly roles?: readonly Role[]; readonly userIds?: readonly string[] };
  readonly channels: readonly Channel[];
}

/** An escalation policy for one severity (the PagerDuty model): levels, then `repeat` more rounds. */
export interface EscalationPolicy {
  readonly levels: readonly EscalationLevel[];
  /** How many times the whole ladder starts again after its last level (0–3). */
  readonly repeat: number;
}

export const MAX_ESCALATION_REPEAT = 3;

/** Where an alert is on its ladder: the level last notified, in which round (0 = the first pass). */
export interface LadderPosition {
  readonly level: number;
  readonly round: number;
}

/** The next step of a ladder: which level, in which round, how long after the current one. */
export interface LadderStep extends LadderPosition {
  readonly afterSeconds: number;
}

/** The first step: level 0 of round 0, due `afterSeconds` of level 0 after the alert was raised. */
export function firstStep(policy: EscalationPolicy): LadderStep | undefined {
  const first = policy.levels[0];
  return first ? { level: 0, round: 0, afterSeconds: first.afterSeconds } : undefined;
}

/**
 * The step after `position`: the next level of the round; after the last level, level 0 of the
 * next round while rounds remain (`repeat`); else none, and the ladder ends. Acknowledging the alert
 * ends it too, which the caller checks before taking any step.
 */
export function nextStep(policy: EscalationPolicy, position: LadderPosition): LadderStep | undefined {
  const next = policy.levels[position.level + 1];
  if (next) return { level: position.level + 1, round: position.round, afterSeconds: next.afterSeconds };
  const first = policy.levels[0];
  if (!first || position.round >= policy.repeat) return undefined;
  // A new round starts from the top; level 0 then waits at least as long as the last level did.
  const last = policy.levels[policy.levels.length - 1] as EscalationLevel;
  return { level: 0, round: position.round + 1, afterSeconds: Math.max(first.afterSeconds, last.afterSeconds) };
}

/** Whether an alert in this status still escalates: only an open (unacknowledged) one does. */
export function stillEscalates(status: string): boolean {
  return status === 'open';
}

/** Someone an escalation level can name. */
export interface Person {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/**
 * The people a level notifies: everyone holding one of its roles and everyone it names, each once
 * however many of its roles they hold (a dispatcher who is also fleet manager is told once).
 */
export function levelTargets<P extends Person>(level: EscalationLevel, people: readonly P[]): P[] {
  const roles = new Set(level.notify.roles ?? []);
  const userIds = new Set(level.notify.userIds ?? []);
  const seen = new Set<string>();
  return people.filter((person) => {
    if (seen.has(person.userId)) return false;
    const named = userIds.has(person.userId) || person.roles.some((role) => roles.has(role));
    if (named) seen.add(person.userId);
    return named;
  });
}

/** The ladder of a tenant that has not set one for the severity. */
export function defaultEscalationPolicy(severity: Severity): EscalationPolicy {
  switch (severity) {
    case 'CRITICAL':
      return {
        levels: [
          { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'push', 'sms', 'email'] },
          { afterSeconds: 300, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'push', 'sms', 'email'] },
          { afterSeconds: 600, notify: { roles: ['admin'] }, channels: ['in_app', 'push', 'sms', 'email'] },
        ],
        repeat: 0,
      };
    case 'HIGH':
      return {
        levels: [
          { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'push', 'sms', 'email'] },
          { afterSeconds: 900, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'push', 'email'] },
        ],
        repeat: 0,
      };
    default:
      return {
        levels: [
          {
            afterSeconds: 0,
            notify: { roles: ['dispatcher', 'fleet_manager'] },
            channels: ['in_app', 'push', 'email'],
          },
        ],
        repeat: 0,
      };
  }
}
