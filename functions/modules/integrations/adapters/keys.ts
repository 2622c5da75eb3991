/** Item keys of the integrations table. */
export const keys = {
  /** A partner's own partition: its record and the messages it sent. */
  partner: (partnerId: string) => `PARTNER#${partnerId}`,
  partnerRecord: () => 'PARTNER',
  /** The tenant's index entry of a partner, for listing. */
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  tenantPartner: (partnerId: string) => `PARTNER#${partnerId}`,
  tenantPartnerPrefix: () => 'PARTNER#',
} as const;

export const ENTITY = { partner: 'partner', partnerIndex: 'partnerIndex' } as const;
