import { ExposableError } from '../../platform/errors.js';

/** No partner with that id in the caller's tenant (or, inbound, anywhere). */
export class PartnerNotFound extends ExposableError {
  override readonly name = 'PartnerNotFound';
  constructor(partnerId: string) {
    super(404, 'PARTNER_NOT_FOUND', `No partner ${partnerId}`);
  }
}

/** A partner changed between read and write (two rotations at once); the caller may retry. */
export class PartnerChanged extends ExposableError {
  override readonly name = 'PartnerChanged';
  constructor(partnerId: string) {
    super(409, 'PARTNER_CHANGED', `Partner ${partnerId} changed concurrently; retry`);
  }
}

/** A delivery whose signature is missing, wrong or outside the time tolerance. */
export class InvalidSignature extends ExposableError {
  override readonly name = 'InvalidSignature';
  constructor(reason: string) {
    super(401, 'INVALID_SIGNATURE', `The webhook signature does not verify (${reason.replaceAll('_', ' ')})`);
  }
}

/** A verified delivery whose body is not the JSON object the partner's kind sends. */
export class InvalidPayload extends ExposableError {
  override readonly name = 'InvalidPayload';
  constructor(message: string) {
    super(400, 'INVALID_PAYLOAD', message);
  }
}

/** A tenant id that is not the caller's: another tenant's answers 404 like one that does not exist. */
export class TenantNotFound extends ExposableError {
  override readonly name = 'TenantNotFound';
  constructor(tenantId: string) {
    super(404, 'TENANT_NOT_FOUND', `No tenant ${tenantId}`);
  }
}

/** No API key with that id in the caller's tenant. */
export class ApiKeyNotFound extends ExposableError {
  override readonly name = 'ApiKeyNotFound';
  constructor(apiKeyId: string) {
    super(404, 'API_KEY_NOT_FOUND', `No API key ${apiKeyId}`);
  }
}

/** No OAuth2 client of that id in the caller's tenant (another tenant's answers the same). */
export class OAuthClientNotFound extends ExposableError {
  override readonly name = 'OAuthClientNotFound';
  constructor(clientId: string) {
    super(404, 'OAUTH_CLIENT_NOT_FOUND', `No OAuth client ${clientId}`);
  }
}
