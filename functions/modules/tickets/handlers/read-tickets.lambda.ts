import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { readTickets } from './read-tickets.handler.js';

export const handler = lambdaHandler(readTickets);
