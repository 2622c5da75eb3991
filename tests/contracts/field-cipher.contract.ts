import { describe, expect, it } from 'vitest';
import { type FieldCipher, FieldDecryptionFailed } from '../../functions/platform/crypto/field-cipher.js';

/**
 * What every FieldCipher must do (one contract suite per port): the local stack's cipher over its
 * master key runs it, and so does the KMS-backed one against a KMS stand-in speaking the service's
 * JSON protocol to the real SDK client.
 */
export function describeFieldCipherContract(name: string, create: () => Promise<FieldCipher> | FieldCipher): void {
  describe(`FieldCipher contract: ${name}`, () => {
    const acme = { tenantId: 'acme', field: 'partner-secret' };

    it('round-trips a value, and never gives the same ciphertext twice', async () => {
      const cipher = await create();
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

      const first = await cipher.encrypt(secret, acme);
      const second = await cipher.encrypt(secret, acme);

      expect(first).not.toContain(secret);
      expect(first).not.toBe(second);
      expect(await cipher.decrypt(first, acme)).toBe(secret);
      expect(await cipher.decrypt(second, { field: 'partner-secret', tenantId: 'acme' })).toBe(secret);
    });

    it("refuses another tenant's context, a tampered ciphertext and a foreign string", async () => {
      const cipher = await create();
      const sealed = await cipher.encrypt('s3cret', acme);
      const parts = sealed.split('.');
      const flipped = Buffer.from(parts[3] as string, 'base64url');
      flipped[0] = (flipped[0] ?? 0) ^ 1;
      const tampered = [...parts.slice(0, 3), flipped.toString('base64url'), parts[4]].join('.');

      await expect(cipher.decrypt(sealed, { ...acme, tenantId: 'globex' })).rejects.toBeInstanceOf(
        FieldDecryptionFailed,
      );
      await expect(cipher.decrypt(tampered, acme)).rejects.toBeInstanceOf(FieldDecryptionFailed);
      await expect(cipher.decrypt('not-a-ciphertext', acme)).rejects.toBeInstanceOf(FieldDecryptionFailed);
      // A refused context did not poison the cache for the right one.
      expect(await cipher.decrypt(sealed, acme)).toBe('s3cret');
    });

    it('keeps unicode and long values intact', async () => {
      const cipher = await create();
      const value = `Zoë's key ✓ ${'x'.repeat(4000)}`;

      expect(await cipher.decrypt(await cipher.encrypt(value, acme), acme)).toBe(value);
    });
  });
}
