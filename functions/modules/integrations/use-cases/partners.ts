import type { FieldCipher } from '../../../platform/crypto/field-cipher.js';
import {
  newPartnerId,
  type Partner,
  type PartnerKind,
  type PartnerSummary,
  rotatedSecrets,
  summaryOf,
} from '../domain/partner.js';
import type { SchemeName } from '../domain/schemes/inbound-scheme.js';
import { generateWebhookSecret } from '../domain/webhook-secret.js';
import { PartnerNotFound } from '../errors.js';
import type { PartnerRepository } from '../ports/partner-repository.js';

/** The ports the partner registry needs. */
export interface PartnerPorts {
  readonly partners: PartnerRepository;
  readonly cipher: FieldCipher;
  readonly clock: { now(): Date };
}

/** A partner with the secret it was just given: shown once, never stored in the clear. */
export interface PartnerWithSecret extends PartnerSummary {
  readonly secret: string;
}

/** What a secret is bound to: its tenant, its partner and its use, so a sealed secret is useless elsewhere. */
export function secretContext(partner: Pick<Partner, 'tenantId' | 'partnerId'>): Record<string, string> {
  return { tenantId: partner.tenantId, partnerId: partner.partnerId, purpose: 'inbound-webhook-secret' };
}

/** `POST /v1/partners`: a new partner with a server-generated secret, sealed before it is stored. */
export async function registerPartner(
  ports: PartnerPorts,
  command: {
    readonly tenantId: string;
    readonly name: string;
    readonly kind: PartnerKind;
    readonly scheme: SchemeName;
  },
): Promise<PartnerWithSecret> {
  const now = ports.clock.now();
  const partnerId = newPartnerId();
  const secret = generateWebhookSecret();
  const sealed = await ports.cipher.encrypt(secret, secretContext({ tenantId: command.tenantId, partnerId }));
  const partner = await ports.partners.create({
    tenantId: command.tenantId,
    partnerId,
    name: command.name,
    kind: command.kind,
    scheme: command.scheme,
    createdAt: now.toISOString(),
    secrets: [{ sealed, createdAt: now.toISOString() }],
  });
  return { ...summaryOf(partner, now), secret };
}

/** `POST /v1/partners/{id}/rotate-secret`: a new secret; the previous one verifies for 24 hours more. */
export async function rotatePartnerSecret(
  ports: PartnerPorts,
  command: { readonly tenantId: string; readonly partnerId: string },
): Promise<PartnerWithSecret> {
  const partner = await ports.partners.get(command.tenantId, command.partnerId);
  if (!partner) throw new PartnerNotFound(command.partnerId);
  const now = ports.clock.now();
  const secret = generateWebhookSecret();
  const sealed = await ports.cipher.encrypt(secret, secretContext(partner));
  const rotated = await ports.partners.replaceSecrets(partner, rotatedSecrets(partner, sealed, now));
  return { ...summaryOf(rotated, now), secret };
}

/** `GET /v1/partners`: the tenant's partners, without secrets. */
export async function listPartners(
  ports: Pick<PartnerPorts, 'partners' | 'clock'>,
  query: { readonly tenantId: string; readonly limit: number; readonly cursor?: string },
): Promise<{ items: PartnerSummary[]; nextCursor?: string }> {
  const page = await ports.partners.list(query.tenantId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  const now = ports.clock.now();
  return {
    items: page.items.map((partner) => summaryOf(partner, now)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** `PUT /v1/partners/{partnerId}/vehicle-map`: replaces the partner's vendor → fleetops vehicle ids. */
export async function replaceVehicleMap(
  ports: Pick<PartnerPorts, 'partners'>,
  command: {
    readonly tenantId: string;
    readonly partnerId: string;
    readonly mappings: Readonly<Record<string, string>>;
  },
): Promise<{ readonly partnerId: string; readonly mappings: Readonly<Record<string, string>> }> {
  const partner = await ports.partners.get(command.tenantId, command.partnerId);
  if (!partner) throw new PartnerNotFound(command.partnerId);
  const updated = await ports.partners.replaceVehicleMap(partner, command.mappings);
  return { partnerId: updated.partnerId, mappings: updated.vehicleMap ?? {} };
}

/** `GET /v1/partners/{partnerId}/vehicle-map`. */
export async function readVehicleMap(
  ports: Pick<PartnerPorts, 'partners'>,
  command: { readonly tenantId: string; readonly partnerId: string },
): Promise<{ readonly partnerId: string; readonly mappings: Readonly<Record<string, string>> }> {
  const partner = await ports.partners.get(command.tenantId, command.partnerId);
  if (!partner) throw new PartnerNotFound(command.partnerId);
  return { partnerId: partner.partnerId, mappings: partner.vehicleMap ?? {} };
}
