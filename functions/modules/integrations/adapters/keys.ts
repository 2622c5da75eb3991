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
} as const;

export const ENTITY = { partner: 'partner', partnerIndex: 'partnerIndex', inboundMessage: 'inboundMessage' } as const;
