import { describe, expect, it } from 'vitest';
import { deliveryKey, stepTag } from '../../../functions/modules/notifications/domain/dedup.js';
import { planDelivery } from '../../../functions/modules/notifications/domain/delivery-plan.js';
import {
  type EscalationPolicy,
  firstStep,
  type LadderPosition,
  levelTargets,
  nextStep,
  stillEscalates,
} from '../../../functions/modules/notifications/domain/escalation.js';
import { maskDestination } from '../../../functions/modules/notifications/domain/mask.js';
import {
  DEFAULT_TENANT_POLICY,
  type NotificationPreferences,
  requiredChannelsOff,
  resolveChannels,
  type TenantNotificationPolicy,
} from '../../../functions/modules/notifications/domain/preferences.js';

const quiet = { start: '22:00', end: '06:00', timezone: 'Europe/Berlin', allowCritical: true } as const;
const night = new Date('2026-01-15T23:00:00Z'); // 00:00 in Berlin
const day = new Date('2026-01-15T11:00:00Z');
const onlyInApp: NotificationPreferences = {
  channels: { CRITICAL: ['in_app'], HIGH: ['in_app', 'sms'], MEDIUM: [], LOW: [], INFO: [] },
};

describe('preference resolution', () => {
  it('starts from the tenant defaults and keeps what the tenant requires', () => {
    expect(resolveChannels(undefined, DEFAULT_TENANT_POLICY, 'HIGH')).toEqual(['in_app', 'push', 'sms']);
    const off: NotificationPreferences = { channels: { ...onlyInApp.channels, CRITICAL: ['sms'] } };
    expect(resolveChannels(off, DEFAULT_TENANT_POLICY, 'CRITICAL')).toEqual(['in_app', 'sms']);
    expect(resolveChannels(onlyInApp, DEFAULT_TENANT_POLICY, 'MEDIUM')).toEqual([]);
  });

  it('names each required channel a user tried to turn off (CRITICAL in-app always)', () => {
    const strict: TenantNotificationPolicy = {
      ...DEFAULT_TENANT_POLICY,
      required: { CRITICAL: ['sms'], HIGH: ['in_app'], MEDIUM: [], LOW: [], INFO: [] },
    };
    const prefs: NotificationPreferences = { channels: { CRITICAL: [], HIGH: ['sms'], MEDIUM: [], LOW: [], INFO: [] } };
    expect(requiredChannelsOff(prefs, strict)).toEqual([
      { severity: 'CRITICAL', channel: 'in_app' },
      { severity: 'CRITICAL', channel: 'sms' },
      { severity: 'HIGH', channel: 'in_app' },
    ]);
    expect(requiredChannelsOff(onlyInApp, DEFAULT_TENANT_POLICY)).toEqual([]);
  });
});

describe('delivery plan', () => {
  it('suppresses channels the user does not want, with the reason', () => {
    const plan = planDelivery({ severity: 'HIGH', preferences: onlyInApp, policy: DEFAULT_TENANT_POLICY, now: day });
    expect(plan).toEqual([
      { channel: 'in_app', action: 'send' },
      { channel: 'push', action: 'suppress', reason: 'preference' },
      { channel: 'sms', action: 'send' },
      { channel: 'email', action: 'suppress', reason: 'preference' },
    ]);
  });

  it('holds audible channels in quiet hours until they end; in-app goes at once', () => {
    const plan = planDelivery({
      severity: 'HIGH',
      preferences: { ...onlyInApp, quietHours: quiet },
      policy: DEFAULT_TENANT_POLICY,
      now: night,
    });
    expect(plan[0]).toEqual({ channel: 'in_app', action: 'send' });
    expect(plan[2]).toEqual({
      channel: 'sms',
      action: 'hold',
      reason: 'quiet_hours',
      until: new Date('2026-01-16T05:00:00Z'),
    });
  });

  it('lets CRITICAL break through only when the tenant and the user both allow it', () => {
    const prefs: NotificationPreferences = {
      channels: { ...onlyInApp.channels, CRITICAL: ['in_app', 'sms'] },
      quietHours: quiet,
    };
    const through = planDelivery({
      severity: 'CRITICAL',
      preferences: prefs,
      policy: DEFAULT_TENANT_POLICY,
      now: night,
    });
    expect(through.find((d) => d.channel === 'sms')).toEqual({ channel: 'sms', action: 'send' });
    const tenantSaysNo = planDelivery({
      severity: 'CRITICAL',
      preferences: prefs,
      policy: { ...DEFAULT_TENANT_POLICY, criticalBreaksQuietHours: false },
      now: night,
    });
    expect(tenantSaysNo.find((d) => d.channel === 'sms')).toMatchObject({ action: 'hold', reason: 'quiet_hours' });
    const userSaysNo = planDelivery({
      severity: 'CRITICAL',
      preferences: { ...prefs, quietHours: { ...quiet, allowCritical: false } },
      policy: DEFAULT_TENANT_POLICY,
      now: night,
    });
    expect(userSaysNo.find((d) => d.channel === 'sms')).toMatchObject({ action: 'hold' });
  });

  it('collects digested severities for the window on e-mail and in-app, never CRITICAL', () => {
    const prefs: NotificationPreferences = {
      channels: { ...onlyInApp.channels, LOW: ['in_app', 'sms'] },
      digest: { frequency: 'hourly', severities: ['LOW', 'CRITICAL'] },
    };
    const low = planDelivery({ severity: 'LOW', preferences: prefs, policy: DEFAULT_TENANT_POLICY, now: day });
    expect(low).toEqual([
      { channel: 'in_app', action: 'hold', reason: 'digest', until: new Date('2026-01-15T12:00:00Z') },
      { channel: 'push', action: 'suppress', reason: 'preference' },
      { channel: 'sms', action: 'suppress', reason: 'preference' },
      { channel: 'email', action: 'hold', reason: 'digest', until: new Date('2026-01-15T12:00:00Z') },
    ]);
    const critical = planDelivery({
      severity: 'CRITICAL',
      preferences: prefs,
      policy: DEFAULT_TENANT_POLICY,
      now: day,
    });
    expect(critical[0]).toEqual({ channel: 'in_app', action: 'send' });
  });

  it('narrows to an escalation level channels but keeps the required in-app', () => {
    const plan = planDelivery({
      severity: 'CRITICAL',
      preferences: undefined,
      policy: DEFAULT_TENANT_POLICY,
      now: day,
      channels: ['sms'],
    });
    expect(plan).toEqual([
      { channel: 'in_app', action: 'send' },
      { channel: 'sms', action: 'send' },
    ]);
  });
});

describe('escalation ladder', () => {
  const policy: EscalationPolicy = {
    levels: [
      { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'sms'] },
      { afterSeconds: 60, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'sms'] },
      { afterSeconds: 120, notify: { userIds: ['boss'] }, channels: ['sms'] },
    ],
    repeat: 1,
  };

  function walk(p: EscalationPolicy, acknowledgedAfter = Number.POSITIVE_INFINITY): LadderPosition[] {
    const steps: LadderPosition[] = [];
    let step = firstStep(p);
    while (step && steps.length < acknowledgedAfter) {
      steps.push({ level: step.level, round: step.round });
      step = nextStep(p, step);
    }
    return steps;
  }

  it('climbs the levels, then repeats the ladder `repeat` times, then ends', () => {
    expect(walk(policy)).toEqual([
      { level: 0, round: 0 },
      { level: 1, round: 0 },
      { level: 2, round: 0 },
      { level: 0, round: 1 },
      { level: 1, round: 1 },
      { level: 2, round: 1 },
    ]);
    expect(nextStep(policy, { level: 2, round: 0 })).toEqual({ level: 0, round: 1, afterSeconds: 120 });
    expect(walk({ ...policy, repeat: 0 })).toHaveLength(3);
    expect(firstStep({ levels: [], repeat: 0 })).toBeUndefined();
  });

  it('stops as soon as the alert is acknowledged mid-way', () => {
    expect(walk(policy, 2)).toEqual([
      { level: 0, round: 0 },
      { level: 1, round: 0 },
    ]);
    expect(stillEscalates('open')).toBe(true);
    expect(stillEscalates('acknowledged')).toBe(false);
    expect(stillEscalates('resolved')).toBe(false);
  });

  it('targets people by role or id, each once', () => {
    const people = [
      { userId: 'dana', roles: ['dispatcher', 'fleet_manager'] as const },
      { userId: 'boss', roles: ['admin'] as const },
      { userId: 'marcus', roles: ['fleet_manager'] as const },
      { userId: 'dana', roles: ['dispatcher'] as const },
    ];
    const both = {
      afterSeconds: 0,
      notify: { roles: ['dispatcher', 'fleet_manager'], userIds: ['dana'] },
      channels: [],
    } as const;
    expect(levelTargets(both, people).map((p) => p.userId)).toEqual(['dana', 'marcus']);
    expect(levelTargets(policy.levels[2] as (typeof policy.levels)[number], people).map((p) => p.userId)).toEqual([
      'boss',
    ]);
  });
});

describe('de-duplication and masking', () => {
  it('gives one key per alert, person, channel and escalation step', () => {
    const base = { tenantId: 'acme', alertId: 'A1', userId: 'dana', channel: 'sms', step: stepTag(0) } as const;
    expect(deliveryKey(base)).toBe(deliveryKey({ ...base }));
    expect(deliveryKey(base)).not.toBe(deliveryKey({ ...base, step: stepTag(1) }));
    expect(deliveryKey(base)).not.toBe(deliveryKey({ ...base, channel: 'push' }));
    expect(stepTag(0, 2)).toBe('L0R2');
  });

  it('masks phone numbers and e-mail addresses', () => {
    expect(maskDestination('+13125550103')).toBe('+1••••••••03');
    expect(maskDestination('dana@acme.example')).toBe('d•••@acme.example');
    expect(maskDestination('arn:aws:sns:eu-west-1:1:endpoint/GCM/app/abcdef123456')).toBe('…123456');
  });
});
