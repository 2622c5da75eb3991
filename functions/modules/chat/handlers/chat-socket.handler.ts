import type { Identity } from '../../../platform/auth/identity.js';
import { ExposableError } from '../../../platform/errors.js';
import {
  callerFromAuthorizer,
  type Frame,
  type WebSocketLambdaHandler,
  webSocketHandler,
} from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type * as z from '../../../platform/zod.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { ConnectionGone } from '../../realtime/ports/connection-gateway.js';
import { CHAT_ROLES } from '../domain/access.js';
import { InvalidChatFrame } from '../errors.js';
import { CHAT_FRAMES, chatReadFrame, chatSendFrame, chatTypingFrame } from '../events.js';
import { deliverFrames } from '../use-cases/deliver-frames.js';
import { readableConversation } from '../use-cases/read-conversations.js';
import { sendMessage } from '../use-cases/send-message.js';
import { participantFrames, typingFrame } from '../use-cases/turn-frames.js';
import { BOT_BINDINGS, botPorts } from './bot-bindings.js';

const bindings = {
  ...BOT_BINDINGS,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
};
export type ChatSocketDeps = DepsOf<typeof bindings>;

/** Data of the error frames the chat routes answer with. */
export interface ChatErrorData {
  readonly action: string;
  readonly code: string;
  readonly message: string;
  readonly clientMessageId?: string;
  readonly details?: readonly { readonly path: string; readonly message: string }[];
}

/**
 * The chat's WebSocket routes (contract "Support chat"), declared here and routed by the API's
 * `$request.body.action` like every other route:
 * - `chat.send` `{conversationId?, clientMessageId, text}`: the bot's `chat.typing` while it works,
 *   then `chat.message` for the user's message (with its clientMessageId) and each reply to the
 *   conversation's participants; a resend gets the stored frames again, on this connection only;
 * - `chat.typing` `{conversationId}`: `chat.typing` to the other participants;
 * - `chat.read` `{conversationId, messageId}`: stores the read mark, `chat.read` to the participants.
 * Bad input, or a conversation the caller may not see, is an `error` frame; the socket stays open.
 */
export function createChatSocketHandler(deps: ChatSocketDeps): WebSocketLambdaHandler {
  const ports = botPorts(deps);
  return webSocketHandler({ declaration: chatSocket, deps }, async (event) => {
    const { connectionId } = event.requestContext;
    const reply = async (frame: Frame) => {
      try {
        await deps.gateway.post(connectionId, frame);
      } catch (error) {
        if (!(error instanceof ConnectionGone)) throw error;
      }
    };
    const action = event.requestContext.routeKey;
    const caller = callerFromAuthorizer(event.requestContext.authorizer) as Identity | undefined;
    if (!caller?.roles.some((role) => CHAT_ROLES.includes(role))) {
      await reply(errorFrame(action, 'FORBIDDEN', 'This connection may not chat'));
      return { statusCode: 200 };
    }
    const body = parseJson(event.body);
    try {
      if (action === 'chat.send') {
        const frame = parse(chatSendFrame, body, action);
        const result = await sendMessage(
          ports,
          {
            caller,
            clientMessageId: frame.clientMessageId,
            text: frame.text,
            ...(frame.conversationId ? { conversationId: frame.conversationId } : {}),
          },
          { botWorking: (conversation) => reply(typingFrame(conversation)) },
        );
        // The sender first (the answer they wait for), then the conversation's other connections.
        for (const f of participantFrames(result)) await reply(f);
        // `ticket.created` reaches the agents from the tickets module, once the ticket is in its queue.
        if (!result.duplicate) {
          await deliverFrames(deps, result.conversation, participantFrames(result), { except: connectionId });
        }
      } else if (action === 'chat.typing') {
        const frame = parse(chatTypingFrame, body, action);
        const conversation = await readableConversation(ports, caller, frame.conversationId);
        const author = { type: conversation.ownerId === caller.userId ? 'user' : 'agent', id: caller.userId } as const;
        await deliverFrames(deps, conversation, [typingFrame(conversation, author)], { except: connectionId });
      } else {
        const frame = parse(chatReadFrame, body, action);
        const conversation = await readableConversation(ports, caller, frame.conversationId);
        const readAt = deps.clock.now().toISOString();
        await ports.conversations.markRead(
          caller.tenantId,
          conversation.conversationId,
          caller.userId,
          frame.messageId,
          readAt,
        );
        await deliverFrames(deps, conversation, [
          {
            type: CHAT_FRAMES.read,
            data: {
              conversationId: conversation.conversationId,
              messageId: frame.messageId,
              readerId: caller.userId,
              readAt,
            },
          },
        ]);
      }
    } catch (error) {
      if (!(error instanceof ExposableError) || !error.expose) throw error;
      const clientMessageId = (body as { clientMessageId?: unknown } | undefined)?.clientMessageId;
      await reply(
        errorFrame(action, error.code, error.message, {
          ...(typeof clientMessageId === 'string' ? { clientMessageId: clientMessageId.slice(0, 64) } : {}),
          ...(Array.isArray(error.details) ? { details: error.details } : {}),
        }),
      );
    }
    return { statusCode: 200 };
  });
}

function parse<T>(schema: z.ZodMiniType<T>, body: unknown, action: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new InvalidChatFrame(
    action,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

function parseJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
}

function errorFrame(
  action: string,
  code: string,
  message: string,
  extra: Partial<ChatErrorData> = {},
): Frame<ChatErrorData> {
  return { type: CHAT_FRAMES.error, data: { action, code, message, ...extra } };
}

export const chatSocket = defineFunction({
  name: 'chatSocket',
  description: 'WebSocket chat.send, chat.typing, chat.read: the support chat and its bot',
  entry: 'functions/modules/chat/handlers/chat-socket.lambda.ts',
  triggers: [
    { kind: 'websocket', routeKey: 'chat.send' },
    { kind: 'websocket', routeKey: 'chat.typing' },
    { kind: 'websocket', routeKey: 'chat.read' },
  ],
  bindings,
  factory: createChatSocketHandler,
  memorySize: 1024,
});
