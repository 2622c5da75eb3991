import { describe, expect, it } from 'vitest';
import { renderCanned, unknownPlaceholders } from '../../../functions/modules/tickets/domain/canned-response.js';
import { mostSimilar } from '../../../functions/modules/tickets/domain/similarity.js';
import { DEFAULT_SLA_POLICY, startSla } from '../../../functions/modules/tickets/domain/sla.js';
import type { Ticket } from '../../../functions/modules/tickets/domain/ticket.js';
import { owedEvents } from '../../../functions/modules/tickets/domain/ticket-events.js';
import { applyChange } from '../../../functions/modules/tickets/use-cases/change-ticket.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const ticket = (extra: Partial<Ticket> = {}): Ticket => ({
  tenantId: 'acme',
  ticketId: '01KQ0000000000000000000000',
  conversationId: '01KQ0000000000000000000001',
  customerId: 'acme-driver-1',
  subject: 'Truck will not start',
  status: 'open',
  priority: 'normal',
  reason: 'asked',
  sla: startSla(DEFAULT_SLA_POLICY, 'normal', NOW),
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  text: 'truck will not start',
  history: [],
  ...extra,
});

describe('ticket changes', () => {
  it('pauses on pending, stops on resolution and records each change once in the history', () => {
    const pending = applyChange(ticket(), { status: 'pending' }, undefined, 'acme-agent', later(10)).ticket;
    const resolved = applyChange(pending, { status: 'resolved' }, undefined, 'acme-agent', later(30)).ticket;

    expect(pending.sla.resolution.runningSince).toBeUndefined();
    expect(pending.sla.resolution.usedMs).toBe(10 * 60_000);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: later(30).toISOString() });
    expect(resolved.sla.resolution).toMatchObject({ metAt: later(30).toISOString(), usedMs: 10 * 60_000 });
    expect(resolved.history.map((h) => `${h.from}>${h.to}`)).toEqual(['open>pending', 'pending>resolved']);
  });

  it('changes nothing for a change to what it already is, and refuses what the status does not allow', () => {
    const same = applyChange(ticket(), { status: 'open', assigneeId: null }, undefined, 'a', later(1));
    const closed = ticket({ status: 'closed' });

    expect(same.activity).toEqual([]);
    expect(() => applyChange(closed, { status: 'open' }, undefined, 'a', later(1))).toThrow(
      /closed ticket cannot become open/,
    );
    expect(() => applyChange(closed, { assigneeId: 'x' }, undefined, 'a', later(1))).toThrow();
  });

  it('owes updated, resolved, breach and rating events for what changed, nothing for a new ticket', () => {
    const before = ticket();
    const after = applyChange(before, { status: 'resolved' }, undefined, 'acme-agent', later(5)).ticket;
    const rated = { ...after, csat: { score: 5 as const, at: later(6).toISOString() } };

    expect(owedEvents(undefined, before)).toEqual([]);
    expect(owedEvents(before, after).map((e) => e.kind)).toEqual(['updated', 'resolved']);
    expect(owedEvents(after, rated).map((e) => e.kind)).toEqual(['csatSubmitted']);
    expect(owedEvents(rated, rated)).toEqual([]);
  });
});

describe('canned responses', () => {
  it('fills known placeholders, reports the ones without a value and rejects unknown ones', () => {
    expect(renderCanned('Hi {{customer.name}}, {{ vehicle.id }} is booked.', { 'customer.name': 'Diego' })).toEqual({
      text: 'Hi Diego, is booked.',
      missing: ['vehicle.id'],
    });
    expect(unknownPlaceholders('{{customer.name}} {{vehicle.plate}}')).toEqual(['vehicle.plate']);
  });
});

describe('similar tickets', () => {
  it('ranks the texts sharing more of the words first and leaves out those sharing none', () => {
    const corpus = ['engine oil change booked', 'invoice was charged twice', 'engine overheating on the highway'];

    const ranked = mostSimilar('my engine keeps overheating', corpus, (t) => t, 5).map((s) => s.item);

    expect(ranked).toEqual(['engine overheating on the highway', 'engine oil change booked']);
  });
});
