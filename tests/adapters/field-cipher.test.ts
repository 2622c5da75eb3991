import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeFieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import { KmsDataKeys } from '../../functions/platform/crypto/kms-data-keys.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { describeFieldCipherContract } from '../contracts/field-cipher.contract.js';

/**
 * A KMS stand-in on 127.0.0.1 speaking the service's JSON 1.1 protocol (X-Amz-Target
 * TrentService.GenerateDataKey / Decrypt), so the real SDK client and KmsDataKeys run end to end:
 * the blob binds the encryption context as KMS does, and a mismatch is InvalidCiphertextException.
 */
async function kmsStandIn(): Promise<{ endpoint: string; server: Server; calls: string[] }> {
  const master = randomBytes(32);
  const calls: string[] = [];
  const aad = (context: unknown) => Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort()));
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
    const target = String(req.headers['x-amz-target'] ?? '');
    calls.push(target);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    if (target === 'TrentService.GenerateDataKey') {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', master, iv);
      cipher.setAAD(aad(input.EncryptionContext));
      const blob = Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
      return reply(200, {
        KeyId: input.KeyId,
        Plaintext: key.toString('base64'),
        CiphertextBlob: blob.toString('base64'),
      });
    }
    if (target === 'TrentService.Decrypt') {
      const blob = Buffer.from(String(input.CiphertextBlob), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', master, blob.subarray(0, 12));
        decipher.setAAD(aad(input.EncryptionContext));
        decipher.setAuthTag(blob.subarray(blob.length - 16));
        const key = Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]);
        return reply(200, { KeyId: input.KeyId, Plaintext: key.toString('base64') });
      } catch {
        return reply(400, { __type: 'InvalidCiphertextException', message: 'context mismatch' });
      }
    }
    return reply(400, { __type: 'UnsupportedOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

let kms: Awaited<ReturnType<typeof kmsStandIn>>;
beforeAll(async () => {
  kms = await kmsStandIn();
});
afterAll(async () => {
  await new Promise((resolve) => kms.server.close(resolve));
});

const kmsCipher = () =>
  new EnvelopeFieldCipher(
    new KmsDataKeys(
      new KMSClient({
        endpoint: kms.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
      'arn:aws:kms:eu-west-1:000000000000:key/field',
    ),
  );

describeFieldCipherContract('local master key', async () => new EnvelopeFieldCipher(await LocalDataKeys.create()));
describeFieldCipherContract('KMS (stand-in service, real SDK client)', kmsCipher);

describe('EnvelopeFieldCipher on KMS', () => {
  it('unwraps a data key once per container, not on every read', async () => {
    const cipher = kmsCipher();
    const sealed = await cipher.encrypt('whsec_x', { tenantId: 'acme' });
    const before = kms.calls.filter((c) => c.endsWith('Decrypt')).length;

    for (let i = 0; i < 5; i++) await cipher.decrypt(sealed, { tenantId: 'acme' });

    expect(kms.calls.filter((c) => c.endsWith('Decrypt')).length - before).toBe(1);
  });
});

describe('LocalDataKeys', () => {
  it('keeps its master key in the data directory, private, so secrets survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetops-keys-'));
    try {
      const sealed = await new EnvelopeFieldCipher(await LocalDataKeys.create({ dataDir: dir })).encrypt('kept', {
        tenantId: 'acme',
      });

      const restarted = new EnvelopeFieldCipher(await LocalDataKeys.create({ dataDir: dir }));

      expect(await restarted.decrypt(sealed, { tenantId: 'acme' })).toBe('kept');
      expect((await stat(join(dir, 'field-master.key'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
