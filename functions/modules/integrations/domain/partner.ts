import { randomBytes } from 'node:crypto';
import type { SchemeName } from './schemes/inbound-scheme.js';

/** What a partner sends us. */
export const PARTNER_KINDS = ['telematics', 'fuel_card', 'billing', 'helpdesk'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** The schemes that make sense for each kind: a vendor's own scheme only for its kind; Standard Webhooks for any. */
export const SCHEMES_BY_KIND: Readonly<Record<PartnerKind, readonly SchemeName[]>> = {
  telematics: ['standard-webhooks', 'samsara', 'motive'],
  fuel_card: ['standard-webhooks'],
  billing: ['standard-webhooks', 'stripe'],
  helpdesk: ['standard-webhooks', 'zendesk'],
};

/** How long the secret a rotation replaces keeps verifying. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** A signing secret as stored: sealed by the field cipher, never in the clear. */
export interface StoredSecret {
  readonly sealed: string;
  readonly createdAt: string;
  /** Set when a rotation replaced it: it verifies until then. */
  readonly retiresAt?: string;
}

/** An inbound integration of one tenant. */
export interface Partner {
  readonly tenantId: string;
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly scheme: SchemeName;
  readonly createdAt: string;
  /** The current secret first, then the one it replaced while it still verifies. */
  readonly secrets: readonly StoredSecret[];
  /** Vendor vehicle id → fleetops vehicle id, for telematics and fuel-card partners (docs/adr/0106). */
  readonly vehicleMap?: Readonly<Record<string, string>>;
  /** Optimistic-concurrency revision of the item. */
  readonly rev: number;
}

/** What a partner's list entry shows: never a secret. */
export interface PartnerSummary {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly scheme: SchemeName;
  readonly createdAt: string;
  /** When the current secret was issued. */
  readonly secretCreatedAt: string;
  /** While a rotation's overlap lasts: when the previous secret stops verifying. */
  readonly previousSecretRetiresAt?: string;
}

/** A new partner id: `ptn_` and 16 characters of randomness (ids appear in URLs partners are given). */
export function newPartnerId(): string {
  return `ptn_${randomBytes(12).toString('base64url')}`;
}

/** The secrets that verify at `now`, current first. */
export function activeSecrets(partner: Pick<Partner, 'secrets'>, now: Date): StoredSecret[] {
  return partner.secrets.filter(
    (secret) => secret.retiresAt === undefined || Date.parse(secret.retiresAt) > now.getTime(),
  );
}

/**
 * The secrets after a rotation to `sealed` at `now`: the new one current, the one it replaces
 * verifying for {@link ROTATION_OVERLAP_MS}; any older one is gone (one overlap at a time).
 */
export function rotatedSecrets(partner: Pick<Partner, 'secrets'>, sealed: string, now: Date): StoredSecret[] {
  const current = activeSecrets(partner, now).find((secret) => secret.retiresAt === undefined);
  const retiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  return [
    { sealed, createdAt: now.toISOString() },
    ...(current ? [{ sealed: current.sealed, createdAt: current.createdAt, retiresAt }] : []),
  ];
}

/** The list entry of a partner. */
export function summaryOf(partner: Partner, now: Date): PartnerSummary {
  const [current, previous] = activeSecrets(partner, now);
  return {
    partnerId: partner.partnerId,
    name: partner.name,
    kind: partner.kind,
    scheme: partner.scheme,
    createdAt: partner.createdAt,
    secretCreatedAt: current?.createdAt ?? partner.createdAt,
    ...(previous?.retiresAt ? { previousSecretRetiresAt: previous.retiresAt } : {}),
  };
}
