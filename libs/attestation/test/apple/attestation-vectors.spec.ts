import { createPublicKey } from 'node:crypto';

import { verifyAppAttestAttestation } from '../../src/apple/index.js';
import type { AppAttestAttestationInput } from '../../src/apple/index.js';
import { expectAttestationError } from './expect-code.js';
import {
  type AttestationVectorInput,
  expectedCode,
  fromBase64,
  fromHex,
  loadVectors,
  type Vector,
} from './vectors.js';

const vectors = loadVectors<AttestationVectorInput>('appattest-attestation');

function toInput(raw: AttestationVectorInput): AppAttestAttestationInput {
  return {
    attestationObject: fromBase64(raw.attestationObjectBase64),
    keyId: fromBase64(raw.keyIdBase64),
    clientDataHash: fromHex(raw.clientDataHashHex),
    appId: raw.appId,
    environment: raw.environment,
    now: new Date(raw.verifyAt),
  };
}

function noteValue(vector: Vector<AttestationVectorInput>, pattern: RegExp): string | undefined {
  const notes = (vector.expect.notes as string[] | undefined) ?? [];
  return notes.map((note) => pattern.exec(note)?.[1]).find((value) => value !== undefined);
}

describe('App Attest attestation vectors', () => {
  it('covers every attestation fixture', () => {
    expect(vectors.length).toBe(16);
  });

  describe.each(vectors.map((v) => [v.file, v] as const))('%s', (_file, vector) => {
    it('gives the expected verdict at verifyAt', () => {
      expect(vector.expect.valid).toBe(true);
      const result = verifyAppAttestAttestation(toInput(vector.input));

      const expectedKey = createPublicKey(vector.expect.publicKeyPem as string);
      expect(result.publicKey.equals(expectedKey)).toBe(true);
      expect(createPublicKey({ key: result.publicKeyJwk, format: 'jwk' }).equals(expectedKey)).toBe(
        true,
      );
      expect(Buffer.from(result.keyId).toString('base64')).toBe(vector.expect.keyIdBase64);
      expect(result.environment).toBe(vector.expect.environment);
      expect(result.signCount).toBe(0);
      expect(result.receipt.length).toBe(vector.facts.receiptLength ?? result.receipt.length);
      expect(result.receipt[0]).toBe(0x30);
    });

    it('reports the OS version and authenticator-data extensions it carries', () => {
      const result = verifyAppAttestAttestation(toInput(vector.input));
      const osVersion = noteValue(vector, /iOS version in leaf extension [\d.]+: (\S+)/);
      if (osVersion !== undefined) {
        expect(result.osVersion).toBe(osVersion);
      }

      const facts = vector.facts.authenticatorDataExtensions as Record<string, string> | undefined;
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

    it.each(vector.negativeCases.map((c) => [c.expect, c] as const))(
      'rejects: %s',
      (_label, negative) => {
        const input = toInput({ ...vector.input, ...negative.change });
        expectAttestationError(
          () => verifyAppAttestAttestation(input),
          expectedCode(negative.expect),
        );
      },
    );
  });
});
