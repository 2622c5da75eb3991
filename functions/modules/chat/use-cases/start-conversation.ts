import type { Identity } from '../../../platform/auth/identity.js';
import { AlertNotFound } from '../../alerts/errors.js';
import { BOT_AUTHOR, type Conversation, INITIAL_DIALOGUE, type StoredMessage } from '../domain/conversation.js';
import { alertExplanationReply } from '../domain/replies.js';
import type { BotPorts } from './chat-ports.js';

export interface StartConversationCommand {
  readonly caller: Identity;
  readonly subject?: string;
  readonly alertId?: string;
  /**
   * The request's `Idempotency-Key`: the start is recorded under it with the conversation, so a replay
   * that outlived the key's in-progress claim (its first attempt died after the write) answers the
   * conversation it made instead of making a second one (docs/adr/0128).
   */
  readonly idempotencyKey?: string;
}

/**
 * `POST /v1/conversations`: a new conversation of the caller, or with `idempotencyKey` the one an
 * earlier start with that key made. With `alertId` it is about that alert
 * (which must be of the caller's tenant and on a vehicle the caller can see, else 404
 * ALERT_NOT_FOUND) and the bot opens with the alert's explanation; the conversation then knows its
 * vehicle, so "where is it?" needs no id.
 */
export async function startConversation(
  ports: Pick<BotPorts, 'conversations' | 'alerts' | 'fleet' | 'clock' | 'newId'>,
  command: StartConversationCommand,
): Promise<{ conversation: Conversation; opening: StoredMessage[]; replayed?: boolean }> {
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
  const created = await ports.conversations.create(
    conversation,
    opening,
    command.idempotencyKey === undefined ? {} : { startKey: command.idempotencyKey },
  );
  if (created.outcome === 'idTaken') throw new Error(`Conversation id ${conversationId} already taken`);
  if (created.outcome === 'startedBefore') {
    const earlier = await ports.conversations.get(caller.tenantId, created.conversationId);
    // Erased since (GDPR): the key's effect is gone, so this start stands on its own, without the key.
    if (!earlier) return startConversation(ports, { ...command, idempotencyKey: undefined });
    return { conversation: earlier.conversation, opening: [], replayed: true };
  }
  return { conversation, opening };
}
