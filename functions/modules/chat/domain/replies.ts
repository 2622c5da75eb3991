import type { Intent } from '../../../ml/ports/language-understanding.js';
import type { HandoffReason } from './conversation.js';
import { conditionMetrics, describeCondition, sensorLabel, sensorValue, timeAgo } from './describe.js';
import { ACCEPT_HUMAN, DECLINE_HUMAN } from './dialogue-policy.js';
import type { AlertFacts, Article, MaintenanceDue, RuleFacts, VehicleFacts } from './facts.js';

/** One bot message before it is stored: text and the buttons offered under it. */
export interface Reply {
  readonly text: string;
  readonly quickReplies?: readonly string[];
}

/** Topics the bot suggests when it did not understand (one per quick reply). */
export const SUGGESTED_TOPICS = [
  'Where is my vehicle?',
  'My vehicle has a problem',
  'When is my next service?',
  'Explain an alert',
  'Talk to a person',
] as const;

/** At most this many vehicles are offered as quick replies. */
export const MAX_VEHICLE_CHOICES = 5;

const TOPIC_OF: Partial<Record<Intent, string>> = {
  vehicle_location: 'where it is',
  vehicle_breakdown: 'the problem',
  maintenance: 'its service',
  alert_explanation: 'its alerts',
  fuel_efficiency: 'its fuel',
};

export function greetingReply(): Reply {
  return {
    text: "Hello! I'm the Fleetops assistant. I can tell you where a vehicle is, what an alert means, when a service is due, or help with a fault.",
    quickReplies: SUGGESTED_TOPICS.slice(0, 4),
  };
}

export function clarifyReply(): Reply {
  return {
    text: "Sorry, I didn't get that. What would you like help with?",
    quickReplies: [...SUGGESTED_TOPICS],
  };
}

export function unknownVehicleReply(vehicleId: string, callerVehicles: readonly string[]): Reply {
  return {
    text: `I can't find ${vehicleId} in your fleet.`,
    ...(callerVehicles.length > 0 ? { quickReplies: callerVehicles.slice(0, MAX_VEHICLE_CHOICES) } : {}),
  };
}

export function askVehicleReply(intent: Intent, callerVehicles: readonly string[]): Reply {
  if (callerVehicles.length === 0) {
    return { text: "I couldn't find any vehicle you can see. Which vehicle do you mean (e.g. TRK-101)?" };
  }
  const topic = TOPIC_OF[intent];
  return {
    text: `Which vehicle do you mean${topic ? ` — I'll check ${topic}` : ''}?`,
    quickReplies: callerVehicles.slice(0, MAX_VEHICLE_CHOICES),
  };
}

/** `vehicle_location`: the last reported position and how long ago, from vehicle state. */
export function locationReply(vehicle: VehicleFacts, now: Date): Reply {
  const label = `${vehicle.vehicleId} (${vehicle.name})`;
  if (!vehicle.position) {
    return {
      text: vehicle.lastSeenAt
        ? `${label} last reported ${timeAgo(vehicle.lastSeenAt, now)}, but without a position.`
        : `${label} has not reported a position yet.`,
    };
  }
  const { lat, lng, ts } = vehicle.position;
  const speed = vehicle.readings?.speed;
  const moving = speed === undefined ? '' : speed > 1 ? `, moving at ${sensorValue('speed', speed)}` : ', stationary';
  return {
    text: `${label} was last seen at ${lat.toFixed(5)}, ${lng.toFixed(5)} ${timeAgo(ts, now)} (${ts})${moving}.`,
  };
}

/** `vehicle_breakdown`: the vehicle's open alerts with their readings, first steps, and a ticket offer. */
export function breakdownReply(vehicle: VehicleFacts, alerts: readonly AlertFacts[], article?: Article): Reply {
  const lines: string[] = [];
  if (alerts.length === 0) lines.push(`${vehicle.vehicleId} has no open alerts right now.`);
  else {
    lines.push(`${vehicle.vehicleId} has ${alerts.length} open alert${alerts.length === 1 ? '' : 's'}:`);
    for (const alert of alerts) {
      const reading = readingsOf(alert);
      lines.push(`- ${alert.severity} ${alert.type}: ${alert.message}${reading ? ` (${reading})` : ''}`);
    }
  }
  if (article?.steps?.length) {
    lines.push('First steps:');
    article.steps.forEach((step, i) => {
      lines.push(`${i + 1}. ${step}`);
    });
  }
  lines.push('Shall I open a ticket with support?');
  return { text: lines.join('\n'), quickReplies: [ACCEPT_HUMAN, DECLINE_HUMAN] };
}

/** `maintenance`: the last recorded service, odometer and engine hours, and what is due. */
export function maintenanceReply(vehicle: VehicleFacts, due: readonly MaintenanceDue[], now: Date): Reply {
  const lines: string[] = [];
  const service = vehicle.lastService;
  if (service) {
    const at = [
      service.odometer === undefined ? undefined : `at ${Math.round(service.odometer)} km`,
      service.engineHours === undefined ? undefined : `${Math.round(service.engineHours)} engine hours`,
    ].filter(Boolean);
    lines.push(
      `${vehicle.vehicleId}'s last recorded service was ${timeAgo(service.ts, now)} (${service.ts.slice(0, 10)})${at.length ? `, ${at.join(', ')}` : ''}.`,
    );
  } else lines.push(`${vehicle.vehicleId} has no recorded service yet, so I can't tell when the next one is due.`);
  const current = [
    vehicle.odometer === undefined ? undefined : `odometer ${Math.round(vehicle.odometer)} km`,
    vehicle.engineHours === undefined ? undefined : `${Math.round(vehicle.engineHours * 10) / 10} engine hours`,
  ].filter(Boolean);
  if (current.length) lines.push(`Now: ${current.join(', ')}.`);
  for (const d of due) {
    const status = d.ratio >= 1 ? 'due now' : d.ratio >= 0.9 ? 'due soon' : 'not due yet';
    lines.push(`${d.ruleName}: ${status} (${d.detail}).`);
  }
  return { text: lines.join('\n') };
}

/** `alert_explanation`: the rule that fired, its threshold, the reading that crossed it, what to do. */
export function alertExplanationReply(alert: AlertFacts | undefined, rule: RuleFacts | undefined): Reply {
  if (!alert) return { text: 'There is no open alert on that vehicle right now.' };
  const lines = [
    `${alert.severity} ${alert.type} on ${alert.vehicleId}, raised ${alert.raisedAt}: ${sentence(alert.message)}`,
  ];
  if (rule) {
    lines.push(
      `It was raised by the rule "${rule.name}", which fires on ${describeCondition(rule.condition)}${
        rule.forSeconds ? ` for ${rule.forSeconds} seconds` : ''
      }.`,
    );
    const reading = readingsOf(alert, conditionMetrics(rule.condition));
    if (reading) lines.push(`The reading that crossed it: ${reading}.`);
  }
  lines.push(
    alert.status === 'resolved'
      ? 'It is resolved.'
      : 'A dispatcher can acknowledge it in the alert inbox; to mute it, a fleet manager can disable or re-threshold the rule under Rules.',
  );
  return { text: lines.join('\n') };
}

/** Knowledge-base answer, with the vehicle's figures for fuel questions. */
export function articleReply(intent: Intent, article: Article | undefined, vehicle?: VehicleFacts): Reply {
  const lines: string[] = [];
  if (intent === 'fuel_efficiency' && vehicle?.readings?.fuelLevel !== undefined) {
    lines.push(`${vehicle.vehicleId}'s fuel level is ${sensorValue('fuelLevel', vehicle.readings.fuelLevel)}.`);
  }
  if (article) lines.push(`${article.title}: ${article.body}`);
  else if (lines.length === 0) {
    return {
      text: "I don't have an article on that yet. Would you like to talk to a person?",
      quickReplies: [ACCEPT_HUMAN, DECLINE_HUMAN],
    };
  }
  return { text: lines.join('\n') };
}

const OFFER_TEXT: Readonly<Record<HandoffReason, string>> = {
  asked: 'I can connect you with a person from support. Shall I open a ticket?',
  frustration: "I'm sorry this is frustrating. Would you like to talk to a person from support?",
  fallbacks: "I'm having trouble understanding. Would you like to talk to a person from support?",
};

export function offerHumanReply(reason: HandoffReason): Reply {
  return { text: OFFER_TEXT[reason], quickReplies: [ACCEPT_HUMAN, DECLINE_HUMAN] };
}

export function handoffReply(ticketId: string): Reply {
  return { text: `I've opened ticket ${ticketId}. A person from support will reply here.` };
}

export function declinedReply(): Reply {
  return { text: 'Alright. What else can I help you with?', quickReplies: SUGGESTED_TOPICS.slice(0, 4) };
}

/** Reading fields that say where or how far, not what is wrong: left out of a fault's readings. */
const NOT_DIAGNOSTIC = new Set(['lat', 'lng', 'odometer', 'speed', 'heading']);

/** The text as one sentence: one full stop at the end, not two. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `engine temperature 120°C, oil pressure 10 psi` from the alert's firing reading ('' when none). */
function readingsOf(alert: AlertFacts, metrics?: readonly string[]): string {
  const reading = alert.readings?.[alert.readings.length - 1] as Record<string, unknown> | undefined;
  if (!reading) return '';
  const names = (metrics?.length ? metrics : Object.keys(reading).filter((name) => !NOT_DIAGNOSTIC.has(name))).filter(
    (name) => typeof reading[name] === 'number',
  );
  if (names.length === 0) return '';
  return names.map((name) => `${sensorLabel(name)} ${sensorValue(name, reading[name] as number)}`).join(', ');
}
