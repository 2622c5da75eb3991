import type { FieldCipher } from '../../../platform/crypto/field-cipher.js';
import { type InboundMessage, keptHeaders } from '../domain/inbound-message.js';
import { activeSecrets } from '../domain/partner.js';
import { INBOUND_SCHEMES } from '../domain/schemes/index.js';
import { InvalidPayload, InvalidSignature, PartnerNotFound } from '../errors.js';
import type { InboundMessageStore } from '../ports/inbound-message-store.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import { secretContext } from './partners.js';

/** The ports receiving a webhook needs. */
export interface ReceiveInboundPorts {
  readonly partners: Pick<PartnerRepository, 'findById'>;
  readonly cipher: FieldCipher;
  readonly messages: InboundMessageStore;
  readonly clock: { now(): Date };
}

/** One delivery to `POST /v1/webhooks/inbound/{partnerId}`. */
export interface InboundCommand {
  readonly partnerId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/**
 * Receives a partner's webhook (C10): the partner (404 if none), the signature by its scheme over
 * the raw body with every secret that verifies now (401), a JSON object body (400), then the
 * message is stored once by its id (`duplicate` for a redelivery, which changes nothing). Storing
 * is accepting: what the message means is carried on from the table's stream, so a crash after
 * the write loses nothing.
 */
export async function receiveInbound(
  ports: ReceiveInboundPorts,
  command: InboundCommand,
): Promise<{ readonly status: 'accepted' | 'duplicate'; readonly message: InboundMessage }> {
  const partner = await ports.partners.findById(command.partnerId);
  if (!partner) throw new PartnerNotFound(command.partnerId);
  const now = ports.clock.now();
  const context = secretContext(partner);
  const secrets = await Promise.all(
    activeSecrets(partner, now).map((secret) => ports.cipher.decrypt(secret.sealed, context)),
  );
  const verification = INBOUND_SCHEMES[partner.scheme].verify({
    delivery: { headers: command.headers, body: command.body },
    secrets,
    now,
  });
  if (!verification.ok) throw new InvalidSignature(verification.reason);
  const text = Buffer.from(command.body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidPayload('The body is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidPayload('The body is not a JSON object');
  const message: InboundMessage = {
    tenantId: partner.tenantId,
    partnerId: partner.partnerId,
    kind: partner.kind,
    scheme: partner.scheme,
    messageId: verification.messageId,
    receivedAt: now.toISOString(),
    body: text,
    headers: keptHeaders(command.headers),
  };
  return { status: await ports.messages.record(message), message };
}
