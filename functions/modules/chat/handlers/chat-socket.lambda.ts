import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { chatSocket } from './chat-socket.handler.js';

export const handler = lambdaHandler(chatSocket);
