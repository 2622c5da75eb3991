import type { Identity } from '../../../platform/auth/identity.js';
import type { Conversation, HandoffReason, StoredMessage } from '../domain/conversation.js';
import type { BotAction } from '../domain/dialogue-policy.js';
import type { VehicleFacts } from '../domain/facts.js';
import {
  alertExplanationReply,
  articleReply,
  askVehicleReply,
  breakdownReply,
  clarifyReply,
  declinedReply,
  greetingReply,
  handoffReply,
  locationReply,
  maintenanceReply,
  offerHumanReply,
  type Reply,
  unknownVehicleReply,
} from '../domain/replies.js';
import { type Ticket, ticketPriority } from '../domain/ticket.js';
import type { BotPorts } from './chat-ports.js';

/** Open alerts listed in a breakdown answer. */
const MAX_ALERTS = 5;
/** Messages of the conversation copied into a ticket's transcript. */
const MAX_TRANSCRIPT = 100;

/** What one turn's actions amount to: the replies, and the ticket a hand-off opened. */
export interface Grounded {
  readonly replies: readonly Reply[];
  readonly ticket?: Ticket;
}

/** The facts a turn already read, shared by its actions. */
export interface TurnContext {
  readonly caller: Identity;
  readonly conversation: Conversation;
  readonly message: StoredMessage;
  readonly text: string;
  readonly callerVehicles: readonly string[];
  /** Vehicles read while resolving the message's entities. */
  readonly vehicles: Map<string, VehicleFacts | undefined>;
}

/**
 * Turns the policy's actions into replies grounded in the tenant's data: every figure comes from
 * the fleet or alerts module (through their ports, within the caller's fleet scope) or from the
 * knowledge base; nothing is made up. A vehicle the caller cannot see gets "can't find".
 */
export async function groundActions(
  ports: BotPorts,
  context: TurnContext,
  actions: readonly BotAction[],
): Promise<Grounded> {
  const replies: Reply[] = [];
  let ticket: Ticket | undefined;
  const now = ports.clock.now();
  const vehicle = async (vehicleId: string) => {
    if (!context.vehicles.has(vehicleId))
      context.vehicles.set(vehicleId, await ports.fleet.vehicle(context.caller, vehicleId));
    return context.vehicles.get(vehicleId);
  };
  const tenantId = context.caller.tenantId;

  for (const action of actions) {
    switch (action.kind) {
      case 'greet':
        replies.push(greetingReply());
        break;
      case 'clarify':
        replies.push(clarifyReply());
        break;
      case 'unknownVehicle':
        replies.push(unknownVehicleReply(action.vehicleId, context.callerVehicles));
        break;
      case 'askVehicle':
        replies.push(askVehicleReply(action.intent, context.callerVehicles));
        break;
      case 'answer': {
        const facts = await vehicle(action.vehicleId);
        if (!facts) {
          replies.push(unknownVehicleReply(action.vehicleId, context.callerVehicles));
          break;
        }
        if (action.intent === 'vehicle_location') replies.push(locationReply(facts, now));
        else if (action.intent === 'vehicle_breakdown') {
          const [alerts, article] = await Promise.all([
            ports.alerts.openAlerts(tenantId, facts.vehicleId, MAX_ALERTS),
            ports.knowledge.find(tenantId, 'vehicle_breakdown', context.text),
          ]);
          replies.push(breakdownReply(facts, alerts, article));
        } else replies.push(maintenanceReply(facts, await ports.alerts.maintenanceDue(tenantId, facts, now), now));
        break;
      }
      case 'explainAlert': {
        let alert = action.alertId ? await ports.alerts.alert(tenantId, action.alertId) : undefined;
        if (!alert && action.vehicleId) {
          if (!(await vehicle(action.vehicleId))) {
            replies.push(unknownVehicleReply(action.vehicleId, context.callerVehicles));
            break;
          }
          [alert] = await ports.alerts.openAlerts(tenantId, action.vehicleId, 1);
        }
        const rule = alert?.ruleId ? await ports.alerts.rule(tenantId, alert.ruleId) : undefined;
        replies.push(alertExplanationReply(alert, rule));
        break;
      }
      case 'article': {
        const [article, facts] = await Promise.all([
          ports.knowledge.find(tenantId, action.intent, context.text),
          action.vehicleId ? vehicle(action.vehicleId) : Promise.resolve(undefined),
        ]);
        replies.push(articleReply(action.intent, article, facts));
        break;
      }
      case 'offerHuman':
        replies.push(offerHumanReply(action.reason));
        break;
      case 'declined':
        replies.push(declinedReply());
        break;
      case 'handoff':
        ticket = await openTicket(ports, context, action.reason);
        replies.push(handoffReply(ticket.ticketId));
        break;
    }
  }
  return ticket ? { replies, ticket } : { replies };
}

/** A ticket with the transcript so far and a priority from the tone and the linked alert. */
async function openTicket(ports: BotPorts, context: TurnContext, reason: HandoffReason): Promise<Ticket> {
  const { conversation } = context;
  const page = await ports.conversations.messages(conversation.tenantId, conversation.conversationId, MAX_TRANSCRIPT);
  const messages = [...page.items, context.message];
  const alert = conversation.alertId
    ? await ports.alerts.alert(conversation.tenantId, conversation.alertId)
    : undefined;
  const sentiments = messages.filter((m) => m.author.type === 'user').map((m) => m.understanding?.sentiment);
  return {
    tenantId: conversation.tenantId,
    ticketId: ports.newId(),
    conversationId: conversation.conversationId,
    customerId: conversation.ownerId,
    status: 'open',
    priority: ticketPriority(alert, reason, sentiments),
    reason,
    subject: conversation.subject ?? context.text.slice(0, 120),
    ...(conversation.alertId ? { alertId: conversation.alertId } : {}),
    transcript: messages.map((m) => ({
      messageId: m.messageId,
      author: { type: m.author.type, id: m.author.id },
      text: m.text,
      sentAt: m.sentAt,
      ...(m.understanding ? { sentiment: m.understanding.sentiment } : {}),
    })),
    createdAt: ports.clock.now().toISOString(),
  };
}
