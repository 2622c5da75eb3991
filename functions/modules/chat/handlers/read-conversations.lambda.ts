import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { readConversations } from './read-conversations.handler.js';

export const handler = lambdaHandler(readConversations);
