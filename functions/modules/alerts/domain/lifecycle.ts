import { InvalidTransition } from '../errors.js';
import type { Alert, HistoryEntry } from './alert.js';

/** A change to an alert, by a user (or `system`), at an instant. */
export type LifecycleCommand =
  | { readonly action: 'acknowledge'; readonly by: string; readonly at: string; readonly note?: string }
  | {
      readonly action: 'resolve';
      readonly by: string;
      readonly at: string;
      readonly note?: string;
      /** The engine resolving an alert whose condition has cleared (history `auto-resolved`). */
      readonly auto?: boolean;
    }
  | { readonly action: 'assign'; readonly by: string; readonly at: string; readonly userId: string }
  | { readonly action: 'note'; readonly by: string; readonly at: string; readonly text: string }
  /** The engine attaching a coinciding finding (e.g. a failure prediction) to this alert. */
  | { readonly action: 'correlate'; readonly by: string; readonly at: string; readonly note: string }
  /**
   * The notifications module moved an unacknowledged alert up its escalation ladder (ADR 0111):
   * `step` (`L1`, `L0R1`) makes a redelivered event change nothing.
   */
  | {
      readonly action: 'escalate';
      readonly by: string;
      readonly at: string;
      readonly step: string;
      readonly note: string;
    };

/** The outcome of a command: the alert after it, and whether anything changed. */
export interface Transition {
  readonly alert: Alert;
  /** False for a repeat of the caller's own last change (a retried request): 200, nothing written. */
  readonly changed: boolean;
}

function entry(command: LifecycleCommand, action: HistoryEntry['action'], note?: string): HistoryEntry {
  return { at: command.at, by: command.by, action, ...(note === undefined ? {} : { note }) };
}

function withHistory(alert: Alert, changes: Partial<Alert>, history: HistoryEntry): Alert {
  return { ...alert, ...changes, history: [...(alert.history ?? []), history] };
}

/**
 * The lifecycle (docs/adr/0071-alert-lifecycle.md): open → acknowledged → resolved, open → resolved;
 * assignment and correlation while not resolved; escalation while open; notes at any time. Repeating one's own
 * acknowledge or resolve is idempotent (unchanged); anything else invalid throws InvalidTransition.
 */
export function applyCommand(alert: Alert, command: LifecycleCommand): Transition {
  switch (command.action) {
    case 'acknowledge': {
      if (alert.status === 'acknowledged' && alert.acknowledgedBy === command.by) return { alert, changed: false };
      if (alert.status !== 'open') {
        throw new InvalidTransition(
          'acknowledge',
          alert.status,
          alert.status === 'acknowledged'
            ? `Alert ${alert.alertId} was already acknowledged by ${alert.acknowledgedBy}`
            : undefined,
        );
      }
      return {
        changed: true,
        alert: withHistory(
          alert,
          { status: 'acknowledged', acknowledgedBy: command.by, acknowledgedAt: command.at },
          entry(command, 'acknowledged', command.note),
        ),
      };
    }
    case 'resolve': {
      if (alert.status === 'resolved') {
        if (!command.auto && alert.resolvedBy === command.by) return { alert, changed: false };
        throw new InvalidTransition('resolve', alert.status);
      }
      return {
        changed: true,
        alert: withHistory(
          alert,
          { status: 'resolved', resolvedBy: command.by, resolvedAt: command.at },
          entry(command, command.auto ? 'auto-resolved' : 'resolved', command.note),
        ),
      };
    }
    case 'assign': {
      if (alert.status === 'resolved') throw new InvalidTransition('assign', alert.status);
      if (alert.assigneeId === command.userId) return { alert, changed: false };
      return {
        changed: true,
        alert: withHistory(
          alert,
          { assigneeId: command.userId },
          entry(command, 'assigned', `assigned to ${command.userId}`),
        ),
      };
    }
    case 'note':
      return { changed: true, alert: withHistory(alert, {}, entry(command, 'noted', command.text)) };
    case 'escalate': {
      if (alert.status !== 'open') throw new InvalidTransition('escalate', alert.status);
      const tag = `[${command.step}]`;
      if ((alert.history ?? []).some((h) => h.action === 'escalated' && h.note?.startsWith(tag))) {
        return { alert, changed: false };
      }
      return { changed: true, alert: withHistory(alert, {}, entry(command, 'escalated', `${tag} ${command.note}`)) };
    }
    case 'correlate':
      if (alert.status === 'resolved') throw new InvalidTransition('correlate', alert.status);
      // One attached finding per alert: a prediction that persists batch after batch is not news.
      if ((alert.history ?? []).some((h) => h.action === 'correlated')) return { alert, changed: false };
      return { changed: true, alert: withHistory(alert, {}, entry(command, 'correlated', command.note)) };
  }
}
