import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { createConversation } from './create-conversation.handler.js';

export const handler = lambdaHandler(createConversation);
