import { describe, expect, it } from 'vitest';
import { SEED_ARTICLES } from '../../../functions/modules/chat/adapters/seeded-knowledge-base.js';
import { timeAgo } from '../../../functions/modules/chat/domain/describe.js';
import { ACCEPT_HUMAN } from '../../../functions/modules/chat/domain/dialogue-policy.js';
import type { AlertFacts, VehicleFacts } from '../../../functions/modules/chat/domain/facts.js';
import { bestArticle } from '../../../functions/modules/chat/domain/knowledge-base.js';
import {
  alertExplanationReply,
  articleReply,
  askVehicleReply,
  breakdownReply,
  clarifyReply,
  locationReply,
  maintenanceReply,
  unknownVehicleReply,
} from '../../../functions/modules/chat/domain/replies.js';
import { ticketPriority } from '../../../functions/modules/chat/domain/ticket.js';

const now = new Date('2026-11-22T14:00:00.000Z');
const truck: VehicleFacts = {
  vehicleId: 'TRK-101',
  name: 'Volvo FH 500',
  lastSeenAt: '2026-11-22T13:57:00.000Z',
  position: { lat: 41.87812, lng: -87.62981, ts: '2026-11-22T13:57:00.000Z' },
  readings: { speed: 62, fuelLevel: 41.5 },
  odometer: 120_480,
  engineHours: 3021.44,
  lastService: { ts: '2026-10-01T08:00:00.000Z', odometer: 110_000 },
  openAlerts: 1,
};
const overheating: AlertFacts = {
  alertId: '01JDAAAAAAAAAAAAAAAAAAAAAA',
  vehicleId: 'TRK-101',
  type: 'ENGINE_FAILURE',
  ruleId: 'engine-failure',
  severity: 'CRITICAL',
  status: 'open',
  message: 'Engine failure risk on TRK-101',
  raisedAt: '2026-11-22T13:58:00.000Z',
  readings: [{ vehicleId: 'TRK-101', ts: '2026-11-22T13:58:00.000Z', engineTemp: 120, oilPressure: 10, speed: 40 }],
};

describe('chat replies are grounded in the facts given', () => {
  it('vehicle_location: the position and how long ago, with the speed', () => {
    const { text } = locationReply(truck, now);

    expect(text).toContain('TRK-101 (Volvo FH 500)');
    expect(text).toContain('41.87812, -87.62981');
    expect(text).toContain('3 minutes ago');
    expect(text).toContain('moving at 62 km/h');
  });

  it('vehicle_location: says so when the vehicle has no position yet', () => {
    const { text } = locationReply({ vehicleId: 'VAN-12', name: 'Ford Transit', openAlerts: 0 }, now);

    expect(text).toBe('VAN-12 (Ford Transit) has not reported a position yet.');
  });

  it('vehicle_breakdown: open alerts with their readings, first steps, and the offer of a ticket', () => {
    const steps = bestArticle(SEED_ARTICLES, 'vehicle_breakdown', "TRK-101 won't start");
    const reply = breakdownReply(truck, [overheating], steps);

    expect(reply.text).toContain('TRK-101 has 1 open alert:');
    expect(reply.text).toContain('CRITICAL ENGINE_FAILURE: Engine failure risk on TRK-101');
    expect(reply.text).toContain('engine temperature 120°C');
    expect(reply.text).toContain('oil pressure 10 psi');
    expect(reply.text).not.toContain('speed 40');
    expect(reply.text).toContain('1. Pull over where it is safe');
    expect(reply.quickReplies).toContain(ACCEPT_HUMAN);
  });

  it('vehicle_breakdown: no alerts is said, not invented', () => {
    expect(breakdownReply(truck, []).text).toContain('TRK-101 has no open alerts right now.');
  });

  it('maintenance: the last service, the odometer and engine hours, and each rule due status', () => {
    const { text } = maintenanceReply(
      truck,
      [{ ruleName: 'Service interval', ratio: 0.7, detail: '10480 of 15000 km since the last service' }],
      now,
    );

    expect(text).toContain("TRK-101's last recorded service was 52 days ago (2026-10-01), at 110000 km.");
    expect(text).toContain('Now: odometer 120480 km, 3021.4 engine hours.');
    expect(text).toContain('Service interval: not due yet (10480 of 15000 km since the last service).');
  });

  it('maintenance: without a service record it says it cannot tell', () => {
    const { text } = maintenanceReply({ ...truck, lastService: undefined }, [], now);

    expect(text).toContain("has no recorded service yet, so I can't tell when the next one is due");
  });

  it('alert_explanation: the rule, its threshold, the reading that crossed it and how to acknowledge or mute', () => {
    const { text } = alertExplanationReply(overheating, {
      ruleId: 'engine-failure',
      name: 'Engine failure',
      condition: {
        all: [
          { metric: 'engineTemp', op: '>', value: 110 },
          { metric: 'oilPressure', op: '<', value: 15 },
        ],
      },
    });

    expect(text).toContain('CRITICAL ENGINE_FAILURE on TRK-101');
    expect(text).toContain(
      '"Engine failure", which fires on engine temperature above 110°C and oil pressure below 15 psi',
    );
    expect(text).toContain('The reading that crossed it: engine temperature 120°C, oil pressure 10 psi.');
    expect(text).not.toContain('speed 40');
    expect(text).toContain('acknowledge');
    expect(text).toContain('disable or re-threshold');
  });

  it('knowledge-base intents: the best article; fuel adds the vehicle fuel level', () => {
    const billing = bestArticle(SEED_ARTICLES, 'billing', 'how do I pay my invoice');
    const fuel = bestArticle(SEED_ARTICLES, 'fuel_efficiency', 'fuel use');

    expect(articleReply('billing', billing).text).toMatch(/^Invoices and payments: /);
    expect(articleReply('fuel_efficiency', fuel, truck).text).toMatch(
      /^TRK-101's fuel level is 41.5%\.\nSaving fuel: /,
    );
    expect(articleReply('reports', undefined).quickReplies).toContain(ACCEPT_HUMAN);
  });

  it('asks which vehicle offering at most five, and names an unknown vehicle', () => {
    const ask = askVehicleReply('maintenance', ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6']);

    expect(ask.quickReplies).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
    expect(unknownVehicleReply('TRK-999', ['TRK-101']).text).toBe("I can't find TRK-999 in your fleet.");
    expect(clarifyReply().quickReplies?.length).toBeGreaterThan(2);
  });

  it('ages read naturally', () => {
    expect(timeAgo('2026-11-22T13:59:40.000Z', now)).toBe('just now');
    expect(timeAgo('2026-11-22T12:00:00.000Z', now)).toBe('2 hours ago');
    expect(timeAgo('2026-11-21T14:00:00.000Z', now)).toBe('1 day ago');
  });
});

describe('ticket priority', () => {
  it('is urgent for a CRITICAL alert, high for a HIGH alert or frustration, normal otherwise', () => {
    expect(ticketPriority({ severity: 'CRITICAL' }, 'asked', [])).toBe('urgent');
    expect(ticketPriority({ severity: 'HIGH' }, 'asked', [])).toBe('high');
    expect(ticketPriority(undefined, 'frustration', ['negative'])).toBe('high');
    expect(ticketPriority(undefined, 'asked', ['negative', 'neutral', 'negative'])).toBe('high');
    expect(ticketPriority({ severity: 'LOW' }, 'fallbacks', ['neutral'])).toBe('normal');
  });
});
