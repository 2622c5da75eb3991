import * as z from 'zod';
import { ENDPOINT_ID_PATTERN, MAX_RATE_LIMIT_PER_SECOND } from '../domain/endpoint.js';
import { OUTBOUND_EVENT_TYPES } from '../domain/event-types.js';
import { MESSAGE_ID_PATTERN } from '../domain/message.js';

/** Schemas of the outbound endpoints (`/v1/webhook-endpoints…`), for validation and the OpenAPI document. */

const url = z
  .string({ error: 'url must be a string' })
  .trim()
  .min(1, { error: 'url must not be empty' })
  .max(2048, { error: 'url must be at most 2048 characters' })
  .describe('Where deliveries are POSTed: https, resolving to a public address');

const eventTypes = z
  .array(z.enum(OUTBOUND_EVENT_TYPES, { error: `event types are ${OUTBOUND_EVENT_TYPES.join(', ')}` }))
  .min(1, { error: 'eventTypes must name at least one event type' })
  .max(OUTBOUND_EVENT_TYPES.length)
  .describe('The event types sent to this endpoint; vehicle.position only when named');

const description = z.string().trim().max(500, { error: 'description must be at most 500 characters' });

const rateLimitPerSecond = z
  .number({ error: 'rateLimitPerSecond must be a number' })
  .int({ error: 'rateLimitPerSecond must be a whole number' })
  .min(1, { error: 'rateLimitPerSecond must be at least 1' })
  .max(MAX_RATE_LIMIT_PER_SECOND, { error: `rateLimitPerSecond must be at most ${MAX_RATE_LIMIT_PER_SECOND}` })
  .describe('Deliveries per second at most (default 10)');

/** Body of `POST /v1/webhook-endpoints`. */
export const createEndpointBody = z
  .strictObject(
    { url, eventTypes, description: description.optional(), rateLimitPerSecond: rateLimitPerSecond.optional() },
    { error: 'Unknown field' },
  )
  .describe('An outbound webhook endpoint; the answer carries its signing secret, shown this once');

/** Body of `PATCH /v1/webhook-endpoints/{endpointId}`. */
export const updateEndpointBody = z
  .strictObject(
    {
      url: url.optional(),
      eventTypes: eventTypes.optional(),
      description: description.nullable().optional().describe('null removes it'),
      rateLimitPerSecond: rateLimitPerSecond.optional(),
      enabled: z
        .boolean({ error: 'enabled must be true or false' })
        .optional()
        .describe('false disables, true re-enables'),
    },
    { error: 'Unknown field' },
  )
  .describe('The fields to change');

/** Body of `POST /v1/webhook-endpoints/{endpointId}/recover`. */
export const recoverBody = z
  .strictObject(
    { since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 date-time' }) },
    { error: 'Unknown field' },
  )
  .describe('Replays every failed message created at or after `since`');

const endpointId = z
  .string()
  .regex(ENDPOINT_ID_PATTERN, { error: 'endpointId must look like ep_…' })
  .describe('The endpoint id POST /v1/webhook-endpoints returned');

/** Path of `/v1/webhook-endpoints/{endpointId}…`. */
export const endpointPath = z.object({ endpointId });

/** Path of `…/deliveries/{messageId}/replay`. */
export const messagePath = z.object({
  endpointId,
  messageId: z
    .string()
    .regex(MESSAGE_ID_PATTERN, { error: 'messageId must look like msg_…' })
    .describe('The webhook-id of the message'),
});

/** Query of the lists. */
export const pageQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25)
    .describe('Items per page (1–100, default 25)'),
  cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
});
