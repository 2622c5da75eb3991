import { createECDH } from 'node:crypto';
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
 * local master key in the data dir locally), or, the very first time, generated
 * ({@link generateVapidKeys}), sealed and stored conditionally — two first callers at once both end up with the one stored
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
    const fresh = generateVapidKeys();
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

/**
 * A fresh VAPID pair as `web-push` makes and reads it: a P-256 key, the public key as the
 * uncompressed point (65 bytes) and the private key as the scalar (32 bytes), base64url. The
 * steps of web-push's `generateVAPIDKeys`, written out over node:crypto, so that every function
 * that may read the pair (subscribing, texting, stopping an escalation) does not bundle web-push
 * and its crypto stack (~110 KB) only to make it once per stage; the functions that send Web
 * Push still sign with web-push (tests/adapters/web-push-notifier.test.ts checks the two agree).
 */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  const curve = createECDH('prime256v1');
  curve.generateKeys();
  // getPrivateKey drops leading zero bytes (one key in 256): web-push pads back to 32, so do we.
  const privateKey = leftPad(curve.getPrivateKey(), 32);
  const publicKey = leftPad(curve.getPublicKey(), 65);
  return { publicKey: publicKey.toString('base64url'), privateKey: privateKey.toString('base64url') };
}

function leftPad(bytes: Buffer, length: number): Buffer {
  return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}
