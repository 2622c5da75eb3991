/** Item keys of the integrations table. */
export const keys = {
  /** A partner's own partition: its record and the messages it sent. */
  partner: (partnerId: string) => `PARTNER#${partnerId}`,
  partnerRecord: () => 'PARTNER',
  /** The tenant's index entry of a partner, for listing. */
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  tenantPartner: (partnerId: string) => `PARTNER#${partnerId}`,
  tenantPartnerPrefix: () => 'PARTNER#',
  /** A message the partner sent, by the id de-duplication keys on (ids are vendor text: kept whole). */
  message: (messageId: string) => `MSG#${messageId}`,
  /** An API key's own partition, keyed by the SHA-256 of the key: found from the key alone. */
  apiKey: (hash: string) => `APIKEY#${hash}`,
  apiKeyRecord: () => 'APIKEY',
  /** The tenant's index entry of a key (it names the hash), for listing and revoking. */
  tenantApiKey: (apiKeyId: string) => `APIKEY#${apiKeyId}`,
  tenantApiKeyPrefix: () => 'APIKEY#',
  /** An OAuth2 client's own partition, keyed by its client id: found from a token's `client_id`. */
  oauthClient: (clientId: string) => `OAUTHCLIENT#${clientId}`,
  oauthClientRecord: () => 'OAUTHCLIENT',
  /** The tenant's copy of a client's record, for listing. */
  tenantOAuthClient: (clientId: string) => `OAUTHCLIENT#${clientId}`,
  tenantOAuthClientPrefix: () => 'OAUTHCLIENT#',
} as const;

export const ENTITY = {
  partner: 'partner',
  partnerIndex: 'partnerIndex',
  inboundMessage: 'inboundMessage',
  apiKey: 'apiKey',
  apiKeyIndex: 'apiKeyIndex',
  oauthClient: 'oauthClient',
  oauthClientIndex: 'oauthClientIndex',
} as const;
