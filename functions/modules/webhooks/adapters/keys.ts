/** Item keys of the webhooks table. */
export const keys = {
  /** The tenant's partition: its endpoints. */
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  endpoint: (endpointId: string) => `EP#${endpointId}`,
  endpointPrefix: () => 'EP#',
  /** One endpoint's partition: its messages, their attempts, its throttle window. */
  endpointPartition: (tenantId: string, endpointId: string) => `TENANT#${tenantId}#EP#${endpointId}`,
  /** Message ids start with their time, so an endpoint's messages sort by time. */
  message: (messageId: string) => `MSG#${messageId}`,
  messagePrefix: () => 'MSG#',
  /** Attempts sort by when they started (a ULID), newest last. */
  attempt: (ulid: string) => `ATT#${ulid}`,
  attemptPrefix: () => 'ATT#',
  throttle: () => 'THROTTLE',
} as const;

export const ENTITY = {
  endpoint: 'webhookEndpoint',
  message: 'webhookMessage',
  attempt: 'webhookAttempt',
  throttle: 'webhookThrottle',
} as const;

/** How long messages and their attempt log are kept. */
export const RETENTION_SECONDS = 30 * 24 * 3600;
