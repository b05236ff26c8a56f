import { createPublicKey } from 'node:crypto';

import { appAttestClientDataHash, verifyAppAttestAssertion } from '../../src/apple/index.js';
import type { AppAttestAssertionInput } from '../../src/apple/index.js';
import { expectAttestationError } from './expect-code.js';
import {
  type AssertionVectorInput,
  expectedCode,
  fromBase64,
  fromHex,
  loadVectors,
} from './vectors.js';

const vectors = loadVectors<AssertionVectorInput>('appattest-assertion');

function toInput(
  raw: AssertionVectorInput,
  change: Record<string, unknown> = {},
): AppAttestAssertionInput {
  const merged = { ...raw, ...change };
  // A changed clientData means the app hashed different bytes; otherwise use the vector's hash.
  const clientDataHash =
    'clientDataBase64' in change
      ? appAttestClientDataHash(fromBase64(merged.clientDataBase64))
      : fromHex(merged.clientDataHashHex);
  return {
    assertion: fromBase64(merged.assertionBase64),
    publicKey: createPublicKey(merged.publicKeyPem),
    clientDataHash,
    appId: merged.appId,
    previousCounter: merged.previousCounter,
  };
}

describe('App Attest assertion vectors', () => {
  it('covers every assertion fixture', () => {
    expect(vectors.length).toBe(10);
  });

  describe.each(vectors.map((v) => [v.file, v] as const))('%s', (_file, vector) => {
    it('gives the expected verdict', () => {
      expect(vector.expect.valid).toBe(true);
      const result = verifyAppAttestAssertion(toInput(vector.input));

      expect(result.signCount).toBe(vector.expect.signCount);
      const facts = vector.facts.authenticatorDataExtensions as Record<string, string> | null;
      if (facts) {
        expect(result.extensions).toEqual({
          bundleVersion: facts.apple_bundle_version_01,
          validationCategory: Buffer.from(facts.apple_validation_category_01!, 'hex').readUInt32LE(
            0,
          ),
        });
      } else {
        expect(result.extensions).toBeUndefined();
      }
    });

    it('accepts the key as a JWK too', () => {
      const input = toInput(vector.input);
      const jwk = createPublicKey(vector.input.publicKeyPem).export({ format: 'jwk' });
      expect(verifyAppAttestAssertion({ ...input, publicKey: jwk }).signCount).toBe(
        vector.expect.signCount,
      );
    });

    it('matches the hash of its client data', () => {
      const hash = appAttestClientDataHash(fromBase64(vector.input.clientDataBase64));
      expect(Buffer.from(hash).toString('hex')).toBe(vector.input.clientDataHashHex);
    });

    it.each(vector.negativeCases.map((c) => [c.expect, c] as const))(
      'rejects: %s',
      (_label, negative) => {
        const input = toInput(vector.input, negative.change);
        expectAttestationError(
          () => verifyAppAttestAssertion(input),
          expectedCode(negative.expect),
        );
      },
    );
  });
});
