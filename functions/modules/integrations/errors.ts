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
