import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { publishTicketEvents } from './publish-ticket-events.handler.js';

export const handler = lambdaHandler(publishTicketEvents);
