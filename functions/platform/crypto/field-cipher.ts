import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Field-level encryption of a secret or a personal datum, bound to a context (e.g. the tenant and
 * what the field is), so a ciphertext copied into another tenant's item does not decrypt there.
 */
export interface FieldCipher {
  encrypt(plaintext: string, context: EncryptionContext): Promise<string>;
  /** Throws {@link FieldDecryptionFailed} for a ciphertext that is not ours or a context that differs. */
  decrypt(ciphertext: string, context: EncryptionContext): Promise<string>;
}

/** Non-secret facts a ciphertext is bound to (KMS's encryption context: logged by CloudTrail, never secret). */
export type EncryptionContext = Readonly<Record<string, string>>;

/** A 256-bit data key, in the clear and as wrapped by the key provider. */
export interface DataKey {
  readonly plaintext: Uint8Array;
  readonly wrapped: Uint8Array;
}

/** Where data keys come from: KMS in AWS (GenerateDataKey / Decrypt), a local master key locally. */
export interface DataKeyProvider {
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  unwrapDataKey(wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}

/** A ciphertext that does not decrypt: tampered, of another context, or not ours. */
export class FieldDecryptionFailed extends Error {
  override readonly name = 'FieldDecryptionFailed';
}

const VERSION = 'fc1';

/**
 * Envelope encryption: each value gets a fresh data key from the provider (one KMS call), the value
 * is sealed with AES-256-GCM under it with the context as additional data, and the stored form is
 * `fc1.<wrapped key>.<iv>.<ciphertext>.<tag>` (base64url). Decryption unwraps the data key (one KMS
 * call; unwrapped keys are cached per container, bounded, since a partner's secret is read on every
 * webhook it sends) and opens the seal.
 */
export class EnvelopeFieldCipher implements FieldCipher {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly keys: DataKeyProvider,
    private readonly props: { readonly cacheSize?: number } = {},
  ) {}

  async encrypt(plaintext: string, context: EncryptionContext): Promise<string> {
    const key = await this.keys.generateDataKey(context);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(canonicalContext(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, key.wrapped, iv, sealed, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : Buffer.from(part).toString('base64url')))
      .join('.');
  }

  async decrypt(ciphertext: string, context: EncryptionContext): Promise<string> {
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new FieldDecryptionFailed('Not a field ciphertext');
    const [wrapped, iv, sealed, tag] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as Buffer[];
    const key = await this.dataKey(wrapped as Buffer, context);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv as Buffer);
      decipher.setAAD(canonicalContext(context));
      decipher.setAuthTag(tag as Buffer);
      return Buffer.concat([decipher.update(sealed as Buffer), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionFailed('The ciphertext does not open under this context');
    }
  }

  private async dataKey(wrapped: Buffer, context: EncryptionContext): Promise<Uint8Array> {
    // The context is part of the cache key: a cached key must not open another context's value.
    const id = `${wrapped.toString('base64url')}|${canonicalContext(context).toString('base64url')}`;
    const cached = this.cache.get(id);
    if (cached) return cached;
    let key: Uint8Array;
    try {
      key = await this.keys.unwrapDataKey(wrapped, context);
    } catch (error) {
      if (error instanceof FieldDecryptionFailed) throw error;
      throw new FieldDecryptionFailed(`The data key does not unwrap: ${(error as Error)?.name ?? 'error'}`);
    }
    if (this.cache.size >= (this.props.cacheSize ?? 1000)) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(id, key);
    return key;
  }
}

/** The context in a canonical byte form: keys sorted, so `{a,b}` and `{b,a}` are one context. */
export function canonicalContext(context: EncryptionContext): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
