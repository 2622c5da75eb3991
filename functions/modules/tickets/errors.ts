import { ExposableError } from '../../platform/errors.js';

/** No ticket with this id that the caller may see (another tenant's or another customer's included). */
export class TicketNotFound extends ExposableError {
  override readonly name = 'TicketNotFound';
  constructor(ticketId: string) {
    super(404, 'TICKET_NOT_FOUND', `No ticket ${ticketId}`);
  }
}

/** The ticket's status does not allow this change (contract: 409 INVALID_TRANSITION). */
export class InvalidTicketTransition extends ExposableError {
  override readonly name = 'InvalidTicketTransition';
  constructor(from: string, to: string, reason?: string) {
    super(409, 'INVALID_TRANSITION', reason ?? `A ${from} ticket cannot become ${to}`, { details: { from, to } });
  }
}

/** CSAT is given once, by the customer, after resolution. */
export class CsatNotAccepted extends ExposableError {
  override readonly name = 'CsatNotAccepted';
  constructor(ticketId: string, reason: 'not_resolved' | 'already_given') {
    super(
      409,
      reason === 'already_given' ? 'CSAT_ALREADY_GIVEN' : 'CSAT_NOT_OPEN',
      reason === 'already_given'
        ? `Ticket ${ticketId} has been rated already`
        : `Ticket ${ticketId} can be rated once it is resolved`,
    );
  }
}

/** No canned response with this id in the caller's tenant. */
export class CannedResponseNotFound extends ExposableError {
  override readonly name = 'CannedResponseNotFound';
  constructor(id: string) {
    super(404, 'CANNED_RESPONSE_NOT_FOUND', `No canned response ${id}`);
  }
}

/** No knowledge-base article with this id in the caller's tenant. */
export class ArticleNotFound extends ExposableError {
  override readonly name = 'ArticleNotFound';
  constructor(id: string) {
    super(404, 'ARTICLE_NOT_FOUND', `No article ${id}`);
  }
}

/** The tickets module's exposable errors, registered in module.ts. */
export const TICKET_ERRORS = [
  TicketNotFound,
  InvalidTicketTransition,
  CsatNotAccepted,
  CannedResponseNotFound,
  ArticleNotFound,
] as const;
