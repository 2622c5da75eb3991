import { alertPath } from '../alerts/handlers/alert-routes.js';
import type { ApiOperation } from '../integrations/openapi/api-operation.js';
import {
  escalationPolicyBody,
  inboxItemPath,
  inboxQuery,
  preferencesBody,
  severityPath,
} from './handlers/notification-schemas.js';

const TAG = 'Notifications';

/** The notifications module's HTTP routes for the OpenAPI document (docs/adr/0107), with its handlers' schemas. */
export const NOTIFICATIONS_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/me/notification-preferences',
    tag: TAG,
    summary: 'The caller’s channels per severity, quiet hours and digest, with what the tenant requires',
    security: 'bearer',
    responses: { 200: { description: 'The preferences ({isDefault} until saved)' } },
    errors: [401, 403, 429],
  },
  {
    method: 'PUT',
    path: '/v1/me/notification-preferences',
    tag: TAG,
    summary: 'Set the caller’s preferences; a channel the tenant requires cannot be turned off (422)',
    security: 'bearer',
    body: preferencesBody,
    example: () => ({
      channels: {
        CRITICAL: ['in_app', 'push', 'sms'],
        HIGH: ['in_app', 'push'],
        MEDIUM: ['in_app'],
        LOW: ['in_app'],
        INFO: [],
      },
      quietHours: { start: '22:00', end: '07:00', timezone: 'Europe/Berlin', allowCritical: true },
      digest: { frequency: 'daily', severities: ['LOW', 'INFO'] },
    }),
    responses: { 200: { description: 'The preferences saved' } },
    errors: [400, 401, 403, 422, 429],
  },
  {
    method: 'GET',
    path: '/v1/escalation-policies/{severity}',
    tag: TAG,
    summary: 'The escalation ladder of a severity (admins)',
    security: 'bearer',
    pathParams: severityPath,
    responses: { 200: { description: 'The policy ({isDefault} until set)' } },
    errors: [400, 401, 403, 429],
  },
  {
    method: 'PUT',
    path: '/v1/escalation-policies/{severity}',
    tag: TAG,
    summary: 'Set the escalation ladder of a severity: levels after seconds, by role or user, repeated',
    security: 'bearer',
    pathParams: severityPath,
    body: escalationPolicyBody,
    example: () => ({
      levels: [
        { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'sms'] },
        { afterSeconds: 300, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'sms', 'email'] },
      ],
      repeat: 1,
    }),
    responses: { 200: { description: 'The policy saved' } },
    errors: [400, 401, 403, 429],
  },
  {
    method: 'GET',
    path: '/v1/notifications',
    tag: TAG,
    summary: 'The caller’s in-app notifications, newest first, with the unread count',
    security: 'bearer',
    query: inboxQuery,
    responses: { 200: { description: '{items, unreadCount, nextCursor?}' } },
    errors: [400, 401, 403, 429],
  },
  {
    method: 'POST',
    path: '/v1/notifications/{notificationId}/read',
    tag: TAG,
    summary: 'Mark a notification read',
    security: 'bearer',
    pathParams: inboxItemPath.required(),
    responses: { 200: { description: 'The notification' } },
    errors: [400, 401, 403, 404, 429],
  },
  {
    method: 'POST',
    path: '/v1/notifications/{notificationId}/archive',
    tag: TAG,
    summary: 'Archive a notification',
    security: 'bearer',
    pathParams: inboxItemPath.required(),
    responses: { 200: { description: 'The notification' } },
    errors: [400, 401, 403, 404, 429],
  },
  {
    method: 'GET',
    path: '/v1/alerts/{alertId}/deliveries',
    tag: TAG,
    summary: 'Every delivery attempt for an alert: channel, masked destination, outcome and reason',
    security: 'bearer',
    pathParams: alertPath,
    responses: { 200: { description: '{items}' } },
    errors: [400, 401, 403, 404, 429],
  },
];
