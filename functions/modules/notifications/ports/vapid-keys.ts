/**
 * The application server's VAPID key pair (RFC 8292), base64url as `web-push` takes it: the
 * public key is the `applicationServerKey` a browser subscribes with; the private key signs every
 * push request's JWT. One pair per stage: a browser's subscription is bound to the public key, so
 * a new pair silently orphans every subscription (ADR 0076).
 */
export interface VapidKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** The stored pair, the private key sealed by the field cipher (KMS in AWS). */
export interface SealedVapidKeys {
  readonly publicKey: string;
  readonly sealedPrivateKey: string;
  readonly createdAt: string;
}

/** Where the sealed pair is kept: written once, by the first caller, and never replaced. */
export interface VapidKeyStore {
  get(): Promise<SealedVapidKeys | undefined>;
  /** Stores the pair unless one exists; answers the pair that is stored afterwards (the winner's). */
  putIfAbsent(keys: SealedVapidKeys): Promise<SealedVapidKeys>;
}
