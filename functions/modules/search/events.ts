import * as z from 'zod';
import type { EventPattern } from '../../platform/wiring/events.js';

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
  tenantId: z.string().min(1),
  vehicleId: z.string().min(1),
  name: z.string(),
  type: z.string(),
  driverId: z.string().min(1).optional(),
});
export type VehicleChanged = z.infer<typeof vehicleChangedSchema>;

/**
 * What search reads of an alert: the fields both the alert of today (`reading`) and the alert of
 * the lifecycle (`readings` + `history`) carry, plus the lifecycle's optional ones. Other fields are
 * ignored, so the alerts module can grow the alert without breaking indexing.
 */
export const indexableAlertSchema = z.object({
  tenantId: z.string().min(1),
  alertId: z.string().min(1),
  vehicleId: z.string().min(1),
  type: z.string().min(1),
  severity: z.string().min(1),
  status: z.string().min(1),
  message: z.string(),
  raisedAt: z.string().min(1),
  ruleId: z.string().optional(),
  assigneeId: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  history: z.array(z.object({ at: z.string(), action: z.string() }).loose()).optional(),
});
export type IndexableAlert = z.infer<typeof indexableAlertSchema>;

/** What search reads of a ticket (the tickets table's item); other fields are ignored. */
export const indexableTicketSchema = z
  .object({
    tenantId: z.string().min(1),
    ticketId: z.string().min(1),
    customerId: z.string().min(1),
    subject: z.string(),
    status: z.string().min(1),
    priority: z.string().min(1),
    createdAt: z.string().min(1),
    text: z.string().optional(),
    assigneeId: z.string().optional(),
    rev: z.number().optional(),
  })
  .loose();
export type IndexableTicket = z.infer<typeof indexableTicketSchema>;

/** What search reads of a knowledge-base article. */
export const indexableArticleSchema = z
  .object({
    tenantId: z.string().min(1),
    articleId: z.string().min(1),
    title: z.string(),
    body: z.string(),
    updatedAt: z.string().min(1),
  })
  .loose();
export type IndexableArticle = z.infer<typeof indexableArticleSchema>;

/** What search reads of a chat message (the chat table's item). */
export const indexableMessageSchema = z
  .object({
    tenantId: z.string().min(1),
    conversationId: z.string().min(1),
    messageId: z.string().min(1),
    author: z.object({ type: z.string(), id: z.string() }).loose(),
    text: z.string(),
    sentAt: z.string().min(1),
  })
  .loose();
export type IndexableMessage = z.infer<typeof indexableMessageSchema>;
