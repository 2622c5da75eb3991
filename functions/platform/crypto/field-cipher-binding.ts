import { kmsClient } from '../clients/kms.js';
import type { CipherBinding } from '../wiring/bindings.js';
import { ENV } from '../wiring/environment.js';
import { EnvelopeFieldCipher, type FieldCipher } from './field-cipher.js';
import { KmsDataKeys } from './kms-data-keys.js';

/** Binds the stage's field key (FIELD_KEY_ARN, kms:GenerateDataKey + kms:Decrypt) through {@link EnvelopeFieldCipher}. */
export const fieldCipher: CipherBinding<FieldCipher> = {
  kind: 'cipher',
  env: [ENV.fieldKeyArn],
  fromEnvironment: ({ env, basics }) =>
    new EnvelopeFieldCipher(new KmsDataKeys(kmsClient(basics.tracer), env[ENV.fieldKeyArn] as string)),
  create: ({ dataKeys }) => new EnvelopeFieldCipher(dataKeys),
};
