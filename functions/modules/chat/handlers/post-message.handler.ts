import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { deliverFrames } from '../use-cases/deliver-frames.js';
import { sendMessage } from '../use-cases/send-message.js';
import { participantFrames, typingFrame } from '../use-cases/turn-frames.js';
import { BOT_BINDINGS, botPorts } from './bot-bindings.js';
import { CHAT_ROUTE_ROLES, conversationPath, postMessageBody } from './conversation-routes.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  ...BOT_BINDINGS,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
};
export type PostMessageDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/conversations/{id}/messages` `{clientMessageId, text}` → `{message, replies}`: the same
 * turn as `chat.send`, for clients without a socket (201; 200 with what was stored before for a
 * clientMessageId already sent). The owner's open sockets and the tenant's support staff get the
 * same frames as over WebSocket: the bot's `chat.typing` while it works, then the `chat.message`s.
 */
export function createPostMessageHandler(deps: PostMessageDeps): HttpLambdaHandler {
  const ports = botPorts(deps);
  return httpHandler(
    { declaration: postMessage, deps, path: conversationPath, body: postMessageBody },
    async ({ identity, path, body }) => {
      const result = await sendMessage(
        ports,
        { caller: identity, conversationId: path.id, ...body },
        { botWorking: (conversation) => deliverFrames(deps, conversation, [typingFrame(conversation)]) },
      );
      // `ticket.created` reaches the agents from the tickets module, once the ticket is in its queue.
      if (!result.duplicate) await deliverFrames(deps, result.conversation, participantFrames(result));
      return { statusCode: result.duplicate ? 200 : 201, body: { message: result.message, replies: result.replies } };
    },
  );
}

export const postMessage = defineFunction({
  name: 'postMessage',
  description: 'POST /v1/conversations/{id}/messages: a user message and the bot replies, over HTTP',
  entry: 'functions/modules/chat/handlers/post-message.lambda.ts',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/conversations/{id}/messages', roles: CHAT_ROUTE_ROLES }],
  bindings,
  factory: createPostMessageHandler,
  memorySize: 1024,
});
