import { randomBytes } from 'node:crypto';

/** An access key id and secret, the shape the AWS SDK's `credentials` option takes. */
export interface ManagementCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Fresh random credentials for one run of the local stack. The local management API accepts only
 * requests SigV4-signed with them, and only the stack's own functions get them (through the local
 * deps), so other processes on the machine cannot push frames to, read or close connections —
 * what IAM does for the deployed `@connections` API. They are never written anywhere.
 */
export function createManagementCredentials(): ManagementCredentials {
  return {
    // Shaped like an access key id (20 upper-case characters), so logs and tools treat it as one.
    accessKeyId: `LOCAL${randomBytes(10).toString('hex').toUpperCase()}`.slice(0, 20),
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}
