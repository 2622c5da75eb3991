import type { EventPattern } from '../../platform/wiring/events.js';
import * as z from '../../platform/zod.js';

/**
 * The fleet module's vehicle events, as the cross-module contract names them (issue #9). Declared
 * here because search consumes them with its own schema of the fields it indexes: the producer may
 * add fields without search changing.
 */
export const VEHICLE_EVENTS = {
  source: 'fleetops.telemetry',
  vehicleRegistered: 'vehicle.registered',
  vehicleUpdated: 'vehicle.updated',
} as const;

/** The rule pattern that selects both vehicle events. */
export const VEHICLE_CHANGED_PATTERN: EventPattern = {
  source: [VEHICLE_EVENTS.source],
  'detail-type': [VEHICLE_EVENTS.vehicleRegistered, VEHICLE_EVENTS.vehicleUpdated],
};

/** The detail of `vehicle.registered` / `vehicle.updated`: the vehicle after the change. */
export const vehicleChangedSchema = z.object({
  tenantId: z.string().check(z.minLength(1)),
  vehicleId: z.string().check(z.minLength(1)),
  name: z.string(),
  type: z.string(),
  driverId: z.optional(z.string().check(z.minLength(1))),
});
export type VehicleChanged = z.infer<typeof vehicleChangedSchema>;

/**
 * What search reads of an alert: the fields both the alert of today (`reading`) and the alert of
 * the lifecycle (`readings` + `history`) carry, plus the lifecycle's optional ones. Other fields are
 * ignored, so the alerts module can grow the alert without breaking indexing.
 */
export const indexableAlertSchema = z.object({
  tenantId: z.string().check(z.minLength(1)),
  alertId: z.string().check(z.minLength(1)),
  vehicleId: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  severity: z.string().check(z.minLength(1)),
  status: z.string().check(z.minLength(1)),
  message: z.string(),
  raisedAt: z.string().check(z.minLength(1)),
  ruleId: z.optional(z.string()),
  assigneeId: z.optional(z.string()),
  acknowledgedBy: z.optional(z.string()),
  acknowledgedAt: z.optional(z.string()),
  resolvedBy: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  history: z.optional(z.array(z.catchall(z.object({ at: z.string(), action: z.string() }), z.unknown()))),
});
export type IndexableAlert = z.infer<typeof indexableAlertSchema>;

/** What search reads of a ticket (the tickets table's item); other fields are ignored. */
export const indexableTicketSchema = z.catchall(
  z.object({
    tenantId: z.string().check(z.minLength(1)),
    ticketId: z.string().check(z.minLength(1)),
    customerId: z.string().check(z.minLength(1)),
    subject: z.string(),
    status: z.string().check(z.minLength(1)),
    priority: z.string().check(z.minLength(1)),
    createdAt: z.string().check(z.minLength(1)),
    text: z.optional(z.string()),
    assigneeId: z.optional(z.string()),
    rev: z.optional(z.number()),
  }),
  z.unknown(),
);
export type IndexableTicket = z.infer<typeof indexableTicketSchema>;

/** What search reads of a knowledge-base article. */
export const indexableArticleSchema = z.catchall(
  z.object({
    tenantId: z.string().check(z.minLength(1)),
    articleId: z.string().check(z.minLength(1)),
    title: z.string(),
    body: z.string(),
    updatedAt: z.string().check(z.minLength(1)),
  }),
  z.unknown(),
);
export type IndexableArticle = z.infer<typeof indexableArticleSchema>;

/** What search reads of a chat message (the chat table's item). */
export const indexableMessageSchema = z.catchall(
  z.object({
    tenantId: z.string().check(z.minLength(1)),
    conversationId: z.string().check(z.minLength(1)),
    messageId: z.string().check(z.minLength(1)),
    author: z.catchall(z.object({ type: z.string(), id: z.string() }), z.unknown()),
    text: z.string(),
    sentAt: z.string().check(z.minLength(1)),
  }),
  z.unknown(),
);
export type IndexableMessage = z.infer<typeof indexableMessageSchema>;
