import webpush from 'web-push';
import type { Clock } from '../../../platform/clock.js';
import type { EncryptionContext, FieldCipher } from '../../../platform/crypto/field-cipher.js';
import type { VapidKeyPair, VapidKeyStore } from '../ports/vapid-keys.js';

/** What the sealed private key is bound to: it decrypts as the platform's VAPID key and nothing else. */
const VAPID_CONTEXT: EncryptionContext = { scope: 'platform', field: 'vapidPrivateKey' };

/** The ports reading (and, the first time, making) the stage's VAPID pair. */
export interface VapidPorts {
  readonly vapid: VapidKeyStore;
  readonly cipher: FieldCipher;
  readonly clock: Clock;
}

const cache = new WeakMap<VapidKeyStore, Promise<VapidKeyPair>>();

/**
 * The stage's VAPID pair: read from its item and unsealed with the field cipher (KMS in AWS, the
 * local master key in the data dir locally), or, the very first time, generated with `web-push`,
 * sealed and stored conditionally — two first callers at once both end up with the one stored
 * pair. Kept per container after the first read (one KMS call per cold start).
 */
export function vapidKeyPair(ports: VapidPorts): Promise<VapidKeyPair> {
  let pair = cache.get(ports.vapid);
  if (!pair) {
    pair = loadOrCreate(ports);
    cache.set(ports.vapid, pair);
    // A failed read (KMS throttled, table unreachable) is not cached: the next call tries again.
    pair.catch(() => cache.delete(ports.vapid));
  }
  return pair;
}

async function loadOrCreate(ports: VapidPorts): Promise<VapidKeyPair> {
  let sealed = await ports.vapid.get();
  if (!sealed) {
    const fresh = webpush.generateVAPIDKeys();
    sealed = await ports.vapid.putIfAbsent({
      publicKey: fresh.publicKey,
      sealedPrivateKey: await ports.cipher.encrypt(fresh.privateKey, VAPID_CONTEXT),
      createdAt: ports.clock.now().toISOString(),
    });
  }
  return {
    publicKey: sealed.publicKey,
    privateKey: await ports.cipher.decrypt(sealed.sealedPrivateKey, VAPID_CONTEXT),
  };
}
