import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { openTickets } from './open-tickets.handler.js';

export const handler = lambdaHandler(openTickets);
