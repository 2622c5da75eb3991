import type { Identity } from '../../../platform/auth/identity.js';
import { AlertNotFound } from '../../alerts/errors.js';
import { BOT_AUTHOR, type Conversation, INITIAL_DIALOGUE, type StoredMessage } from '../domain/conversation.js';
import { alertExplanationReply } from '../domain/replies.js';
import type { BotPorts } from './chat-ports.js';

export interface StartConversationCommand {
  readonly caller: Identity;
  readonly subject?: string;
  readonly alertId?: string;
}

/**
 * `POST /v1/conversations`: a new conversation of the caller. With `alertId` it is about that alert
 * (which must be of the caller's tenant and on a vehicle the caller can see, else 404
 * ALERT_NOT_FOUND) and the bot opens with the alert's explanation; the conversation then knows its
 * vehicle, so "where is it?" needs no id.
 */
export async function startConversation(
  ports: Pick<BotPorts, 'conversations' | 'alerts' | 'fleet' | 'clock' | 'newId'>,
  command: StartConversationCommand,
): Promise<{ conversation: Conversation; opening: StoredMessage[] }> {
  const { caller } = command;
  const now = ports.clock.now().toISOString();
  const conversationId = ports.newId();
  let opening: StoredMessage[] = [];
  let vehicleId: string | undefined;
  if (command.alertId !== undefined) {
    const alert = await ports.alerts.alert(caller.tenantId, command.alertId);
    if (!alert || !(await ports.fleet.vehicle(caller, alert.vehicleId))) throw new AlertNotFound(command.alertId);
    const rule = alert.ruleId ? await ports.alerts.rule(caller.tenantId, alert.ruleId) : undefined;
    const reply = alertExplanationReply(alert, rule);
    vehicleId = alert.vehicleId;
    opening = [
      {
        conversationId,
        messageId: ports.newId(),
        author: BOT_AUTHOR,
        text: reply.text,
        sentAt: now,
        ...(reply.quickReplies ? { quickReplies: reply.quickReplies } : {}),
      },
    ];
  }
  const conversation: Conversation = {
    tenantId: caller.tenantId,
    conversationId,
    ownerId: caller.userId,
    ...(command.subject ? { subject: command.subject } : {}),
    ...(command.alertId ? { alertId: command.alertId } : {}),
    status: 'bot',
    dialogue: { ...INITIAL_DIALOGUE, ...(vehicleId ? { vehicleId } : {}) },
    createdAt: now,
    updatedAt: now,
  };
  if (!(await ports.conversations.create(conversation, opening))) {
    throw new Error(`Conversation id ${conversationId} already taken`);
  }
  return { conversation, opening };
}
