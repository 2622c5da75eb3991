import type { Partner } from '../domain/partner.js';

/** A page of a tenant's partners. */
export interface PartnerPage {
  readonly items: readonly Partner[];
  readonly nextCursor?: string;
}

/** Partners, by id (inbound deliveries name only the partner) and by tenant (the admin's list). */
export interface PartnerRepository {
  /** Stores a new partner (rev 1). */
  create(partner: Omit<Partner, 'rev'>): Promise<Partner>;
  /** The partner with that id, whatever its tenant: inbound webhooks carry no token. */
  findById(partnerId: string): Promise<Partner | undefined>;
  /** The tenant's partner, or undefined (another tenant's id is not found). */
  get(tenantId: string, partnerId: string): Promise<Partner | undefined>;
  list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<PartnerPage>;
  /** Replaces the secrets if the partner is still at `rev`; PartnerChanged otherwise. */
  replaceSecrets(partner: Partner, secrets: Partner['secrets']): Promise<Partner>;
  /** Replaces the vehicle map if the partner is still at `rev`; PartnerChanged otherwise. */
  replaceVehicleMap(partner: Partner, vehicleMap: Readonly<Record<string, string>>): Promise<Partner>;
}
