import { addBusinessMs, type BusinessHours, businessMsBetween } from './business-hours.js';

/** Ticket priorities of the contract ("Tickets and live agents"). */
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** Targets of one priority, in business minutes. */
export interface SlaTargets {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
}

/** A tenant's SLA policy: targets per priority and the business hours they count in. */
export interface SlaPolicy {
  readonly businessHours: BusinessHours;
  readonly targets: Readonly<Record<TicketPriority, SlaTargets>>;
}

/** Until a tenant sets its own: around the clock, urgent answered in 15 minutes and solved in 4 hours. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  businessHours: { timeZone: 'UTC' },
  targets: {
    urgent: { firstResponseMinutes: 15, resolutionMinutes: 240 },
    high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
    low: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
  },
};

/** The two SLA metrics of a ticket. */
export type SlaMetric = 'firstResponse' | 'resolution';
export const SLA_METRICS: readonly SlaMetric[] = ['firstResponse', 'resolution'];

/**
 * One metric's clock. Business time used so far is `usedMs` plus, while running, the business time
 * since `runningSince`; `dueAt` is when the target is reached if it keeps running. A clock that is
 * paused (`pending`) or stopped (met, or the ticket resolved) has no `runningSince` and no `dueAt`,
 * so nothing counts and no sweep looks at it — the gap of clocks that count on after resolution
 * cannot arise.
 */
export interface SlaClock {
  readonly targetMinutes: number;
  readonly usedMs: number;
  readonly runningSince?: string;
  readonly dueAt?: string;
  /** When the metric was met (first public reply; resolution). */
  readonly metAt?: string;
  /** When the target passed unmet; set once (the breach is emitted once). */
  readonly breachedAt?: string;
}

export interface TicketSla {
  readonly priority: TicketPriority;
  readonly businessHours: BusinessHours;
  readonly firstResponse: SlaClock;
  readonly resolution: SlaClock;
}

function due(hours: BusinessHours, since: Date, clock: Pick<SlaClock, 'targetMinutes' | 'usedMs'>): string {
  return addBusinessMs(hours, since, clock.targetMinutes * 60_000 - clock.usedMs).toISOString();
}

function run(hours: BusinessHours, clock: SlaClock, now: Date): SlaClock {
  if (clock.runningSince || clock.metAt) return clock;
  return { ...clock, runningSince: now.toISOString(), dueAt: due(hours, now, clock) };
}

function halt(hours: BusinessHours, clock: SlaClock, now: Date): SlaClock {
  if (!clock.runningSince) return clock;
  const { runningSince, dueAt: _dueAt, ...rest } = clock;
  return { ...rest, usedMs: clock.usedMs + businessMsBetween(hours, new Date(runningSince), now) };
}

/** Both clocks started when a ticket opens. */
export function startSla(policy: SlaPolicy, priority: TicketPriority, now: Date): TicketSla {
  const targets = policy.targets[priority];
  const hours = policy.businessHours;
  return {
    priority,
    businessHours: hours,
    firstResponse: run(hours, { targetMinutes: targets.firstResponseMinutes, usedMs: 0 }, now),
    resolution: run(hours, { targetMinutes: targets.resolutionMinutes, usedMs: 0 }, now),
  };
}

/** While `pending` (waiting on the customer) both clocks stand still. */
export function pauseSla(sla: TicketSla, now: Date): TicketSla {
  return {
    ...sla,
    firstResponse: halt(sla.businessHours, sla.firstResponse, now),
    resolution: halt(sla.businessHours, sla.resolution, now),
  };
}

/** Back to `open` (from pending, or reopened after resolution): the unmet clocks run on. */
export function resumeSla(sla: TicketSla, now: Date): TicketSla {
  const resolution = sla.resolution.metAt ? withoutMet(sla.resolution) : sla.resolution;
  return {
    ...sla,
    firstResponse: run(sla.businessHours, sla.firstResponse, now),
    resolution: run(sla.businessHours, resolution, now),
  };
}

function withoutMet(clock: SlaClock): SlaClock {
  const { metAt: _metAt, ...rest } = clock;
  return rest;
}

/** The first public reply meets the first-response target (a later one changes nothing). */
export function meetFirstResponse(sla: TicketSla, now: Date): TicketSla {
  if (sla.firstResponse.metAt) return sla;
  return { ...sla, firstResponse: { ...halt(sla.businessHours, sla.firstResponse, now), metAt: now.toISOString() } };
}

/** Resolution stops both clocks: nothing counts after it. */
export function resolveSla(sla: TicketSla, now: Date): TicketSla {
  const at = now.toISOString();
  return {
    ...sla,
    firstResponse: halt(sla.businessHours, sla.firstResponse, now),
    resolution: { ...halt(sla.businessHours, sla.resolution, now), metAt: at },
  };
}

/**
 * A new priority takes the policy's targets for it; time already used still counts, and a running
 * clock gets a new due time.
 */
export function reprioritiseSla(sla: TicketSla, policy: SlaPolicy, priority: TicketPriority, now: Date): TicketSla {
  const targets = policy.targets[priority];
  const retarget = (clock: SlaClock, minutes: number): SlaClock => {
    if (clock.metAt) return clock;
    const running = !!clock.runningSince;
    const halted = { ...halt(sla.businessHours, clock, now), targetMinutes: minutes };
    return running ? run(sla.businessHours, halted, now) : halted;
  };
  return {
    ...sla,
    priority,
    firstResponse: retarget(sla.firstResponse, targets.firstResponseMinutes),
    resolution: retarget(sla.resolution, targets.resolutionMinutes),
  };
}

/** Metrics whose target has passed at `now` and whose breach has not been recorded yet. */
export function dueBreaches(sla: TicketSla, now: Date): SlaMetric[] {
  return SLA_METRICS.filter((metric) => {
    const clock = sla[metric];
    return !clock.breachedAt && !clock.metAt && clock.dueAt !== undefined && clock.dueAt <= now.toISOString();
  });
}

/** Records the breaches (once each); the clocks keep running so the overrun stays visible. */
export function recordBreaches(sla: TicketSla, metrics: readonly SlaMetric[], now: Date): TicketSla {
  const at = now.toISOString();
  const mark = (metric: SlaMetric) => (metrics.includes(metric) ? { ...sla[metric], breachedAt: at } : sla[metric]);
  return { ...sla, firstResponse: mark('firstResponse'), resolution: mark('resolution') };
}

/** The earliest due time of a clock whose breach is still to be recorded: what the sweep waits for. */
export function nextDue(sla: TicketSla): string | undefined {
  const dues = SLA_METRICS.map((m) => sla[m])
    .filter((c) => !c.breachedAt && !c.metAt && c.dueAt !== undefined)
    .map((c) => c.dueAt as string)
    .sort();
  return dues[0];
}

/** Where one metric stands, as the ticket view and the agent console show it. */
export interface SlaStatus {
  readonly targetMinutes: number;
  readonly state: 'running' | 'paused' | 'met' | 'breached';
  readonly dueAt?: string;
  /** Business time left (negative once overrun); absent when met. */
  readonly remainingMs?: number;
  readonly metAt?: string;
  readonly breachedAt?: string;
}

/** The view of one clock at `now`. */
export function slaStatus(sla: TicketSla, metric: SlaMetric, now: Date): SlaStatus {
  const clock = sla[metric];
  const used =
    clock.usedMs + (clock.runningSince ? businessMsBetween(sla.businessHours, new Date(clock.runningSince), now) : 0);
  const remainingMs = clock.targetMinutes * 60_000 - used;
  const overrun = clock.breachedAt !== undefined || (!clock.metAt && remainingMs < 0);
  return {
    targetMinutes: clock.targetMinutes,
    state: overrun ? 'breached' : clock.metAt ? 'met' : clock.runningSince ? 'running' : 'paused',
    ...(clock.dueAt ? { dueAt: clock.dueAt } : {}),
    ...(clock.metAt ? {} : { remainingMs }),
    ...(clock.metAt ? { metAt: clock.metAt } : {}),
    ...(clock.breachedAt ? { breachedAt: clock.breachedAt } : {}),
  };
}
