import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalContext,
  type DataKey,
  type DataKeyProvider,
  type EncryptionContext,
  FieldDecryptionFailed,
} from '../../functions/platform/crypto/field-cipher.js';

const KEY_FILE = 'field-master.key';

/**
 * The local stack's stand-in for the stage's KMS field key: data keys are wrapped with AES-256-GCM
 * under one 256-bit master key, the encryption context as additional data, so a wrapped key of one
 * context does not unwrap under another (as KMS refuses it). The master key lives in the data
 * directory (mode 0600) so secrets survive a restart; in memory it is new every run.
 */
export class LocalDataKeys implements DataKeyProvider {
  private constructor(private readonly master: Buffer) {}

  /** Loads the master key from `dataDir`, or creates (and saves) one; in memory when no dir is given. */
  static async create(options: { readonly dataDir?: string | undefined } = {}): Promise<LocalDataKeys> {
    const file = options.dataDir ? join(options.dataDir, KEY_FILE) : undefined;
    if (file) {
      const saved = await readFile(file).catch(() => undefined);
      if (saved?.length === 32) return new LocalDataKeys(saved);
    }
    const master = randomBytes(32);
    if (file && options.dataDir) {
      await mkdir(options.dataDir, { recursive: true });
      await writeFile(file, master, { mode: 0o600 });
    }
    return new LocalDataKeys(master);
  }

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.master, iv);
    cipher.setAAD(canonicalContext(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, sealed, cipher.getAuthTag()]) };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const blob = Buffer.from(wrapped);
    if (blob.length !== 12 + 32 + 16) throw new FieldDecryptionFailed('Not a local data key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.master, blob.subarray(0, 12));
      decipher.setAAD(canonicalContext(context));
      decipher.setAuthTag(blob.subarray(44));
      return Buffer.concat([decipher.update(blob.subarray(12, 44)), decipher.final()]);
    } catch {
      throw new FieldDecryptionFailed('The data key does not unwrap under this context');
    }
  }
}
