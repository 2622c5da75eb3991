import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { changeTicket } from './change-ticket.handler.js';

export const handler = lambdaHandler(changeTicket);
