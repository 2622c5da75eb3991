import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { ENDPOINT_ID_PATTERN, MAX_RATE_LIMIT_PER_SECOND } from '../domain/endpoint.js';
import { OUTBOUND_EVENT_TYPES } from '../domain/event-types.js';
import { MESSAGE_ID_PATTERN } from '../domain/message.js';

/** Schemas of the outbound endpoints (`/v1/webhook-endpoints…`), for validation and the OpenAPI document. */

const url = z
  .string({ error: 'url must be a string' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'url must not be empty' }),
    z.maxLength(2048, { error: 'url must be at most 2048 characters' }),
    z.describe('Where deliveries are POSTed: https, resolving to a public address'),
  );

const eventTypes = z
  .array(z.enum(OUTBOUND_EVENT_TYPES, { error: `event types are ${OUTBOUND_EVENT_TYPES.join(', ')}` }))
  .check(
    z.minLength(1, { error: 'eventTypes must name at least one event type' }),
    z.maxLength(OUTBOUND_EVENT_TYPES.length),
    z.describe('The event types sent to this endpoint; vehicle.position only when named'),
  );

const description = z
  .string()
  .check(z.trim(), z.maxLength(500, { error: 'description must be at most 500 characters' }));

const rateLimitPerSecond = z
  .number({ error: 'rateLimitPerSecond must be a number' })
  .check(
    z.int({ error: 'rateLimitPerSecond must be a whole number' }),
    z.gte(1, { error: 'rateLimitPerSecond must be at least 1' }),
    z.lte(MAX_RATE_LIMIT_PER_SECOND, { error: `rateLimitPerSecond must be at most ${MAX_RATE_LIMIT_PER_SECOND}` }),
    z.describe('Deliveries per second at most (default 10)'),
  );

/** Body of `POST /v1/webhook-endpoints`. */
export const createEndpointBody = z
  .strictObject(
    { url, eventTypes, description: z.optional(description), rateLimitPerSecond: z.optional(rateLimitPerSecond) },
    { error: 'Unknown field' },
  )
  .check(z.describe('An outbound webhook endpoint; the answer carries its signing secret, shown this once'));

/** Body of `PATCH /v1/webhook-endpoints/{endpointId}`. */
export const updateEndpointBody = z
  .strictObject(
    {
      url: z.optional(url),
      eventTypes: z.optional(eventTypes),
      description: z.optional(z.nullable(description)).check(z.describe('null removes it')),
      rateLimitPerSecond: z.optional(rateLimitPerSecond),
      enabled: z
        .optional(z.boolean({ error: 'enabled must be true or false' }))
        .check(z.describe('false disables, true re-enables')),
    },
    { error: 'Unknown field' },
  )
  .check(z.describe('The fields to change'));

/** Body of `POST /v1/webhook-endpoints/{endpointId}/recover`. */
export const recoverBody = z
  .strictObject(
    { since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 date-time' }) },
    { error: 'Unknown field' },
  )
  .check(z.describe('Replays every failed message created at or after `since`'));

const endpointId = z
  .string()
  .check(
    z.regex(ENDPOINT_ID_PATTERN, { error: 'endpointId must look like ep_…' }),
    z.describe('The endpoint id POST /v1/webhook-endpoints returned'),
  );

/** Path of `/v1/webhook-endpoints/{endpointId}…`. */
export const endpointPath = z.object({ endpointId });

/** Path of `…/deliveries/{messageId}/replay`. */
export const messagePath = z.object({
  endpointId,
  messageId: z
    .string()
    .check(
      z.regex(MESSAGE_ID_PATTERN, { error: 'messageId must look like msg_…' }),
      z.describe('The webhook-id of the message'),
    ),
});

/** Query of the lists. */
export const pageQuery = z.object({
  limit: pageLimit(25, 100).check(z.describe('Items per page (1–100, default 25)')),
  cursor: pageCursor().check(z.describe('nextCursor of the previous page')),
});
