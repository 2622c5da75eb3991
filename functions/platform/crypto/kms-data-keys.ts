import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { type DataKey, type DataKeyProvider, type EncryptionContext, FieldDecryptionFailed } from './field-cipher.js';

/** Data keys from a KMS key: GenerateDataKey (AES_256) and Decrypt, both with the encryption context. */
export class KmsDataKeys implements DataKeyProvider {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    const result = await this.client.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    if (!result.Plaintext || !result.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
    return { plaintext: result.Plaintext, wrapped: result.CiphertextBlob };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    try {
      const result = await this.client.send(
        new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: { ...context } }),
      );
      if (!result.Plaintext) throw new Error('KMS Decrypt returned no key');
      return result.Plaintext;
    } catch (error) {
      // Another context or a foreign blob: KMS says InvalidCiphertext. Anything else (throttling) is thrown on.
      if (error instanceof InvalidCiphertextException) throw new FieldDecryptionFailed('KMS refused the data key');
      throw error;
    }
  }
}
