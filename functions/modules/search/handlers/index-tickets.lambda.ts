import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { indexTickets } from './index-tickets.handler.js';

export const handler = lambdaHandler(indexTickets);
