import { X509Certificate } from 'node:crypto';

import { decode } from 'cbor-x';

import { parseAppAttestReceipt, verifyAppAttestReceipt } from '../../src/apple/index.js';
import { APPLE_APP_ATTESTATION_ROOT_CA } from '../../src/apple/apple-root.js';
import { APPLE_ROOT_CA_G3 } from '../../src/apple/apple-receipt-root.js';
import { MAX_RECEIPT_BYTES } from '../../src/apple/limits.js';
import { expectAttestationError } from './expect-code.js';
import { type AttestationVectorInput, fromBase64, loadFixture } from './vectors.js';

interface ReceiptEntry {
  sample: string;
  receiptBase64: string;
  properties: {
    clientHashBase64: string;
    creationTime: string;
    environment: string;
    expirationTime: string;
    notBefore: string | null;
    riskMetric: string | null;
    token: string;
    type: 'ATTEST' | 'RECEIPT';
  };
}

const receipts = loadFixture<{ input: { receipts: ReceiptEntry[] } }>('veehaitch_receipts.json')
  .input.receipts;

/** Upstream writes some times as "2020-11-22 09:48:12.863000+00:00". */
const time = (value: string) => new Date(value.replace(' ', 'T')).getTime();

function attestationOf(sample: string): { x5c: Uint8Array[]; receipt: Uint8Array } {
  const vector = loadFixture<{ input: AttestationVectorInput }>(
    `veehaitch_${sample}_attestation.json`,
  );
  return (
    decode(fromBase64(vector.input.attestationObjectBase64)) as {
      attStmt: { x5c: Uint8Array[]; receipt: Uint8Array };
    }
  ).attStmt;
}

describe('App Attest receipts (veehaitch_receipts.json)', () => {
  it('covers all 20 receipts', () => {
    expect(receipts).toHaveLength(20);
  });

  describe.each(receipts.map((r, i) => [`${r.sample} #${i} ${r.properties.type}`, r] as const))(
    '%s',
    (_label, entry) => {
      const bytes = fromBase64(entry.receiptBase64);
      const expected = entry.properties;

      it('parses as CMS SignedData with the expected properties', () => {
        const receipt = parseAppAttestReceipt(bytes);
        expect(receipt.type).toBe(expected.type);
        expect(receipt.environment).toBe(expected.environment);
        expect(receipt.token).toBe(expected.token);
        expect(receipt.appId).toBe('6MURL8TA57.de.vincent-haupert.apple-appattest-poc');
        expect(receipt.creationTime.getTime()).toBe(time(expected.creationTime));
        expect(receipt.expirationTime.getTime()).toBe(time(expected.expirationTime));
        expect(receipt.notBefore?.getTime()).toBe(
          expected.notBefore === null ? undefined : time(expected.notBefore),
        );
        expect(receipt.riskMetric).toBe(
          expected.riskMetric === null ? undefined : Number(expected.riskMetric),
        );
        if (expected.type === 'ATTEST') {
          expect(Buffer.from(receipt.clientHash).toString('base64')).toBe(
            expected.clientHashBase64,
          );
        }
      });

      it('is signed by Apple (chain to Apple Root CA - G3 at its creation time)', () => {
        const now = new Date(time(expected.creationTime));
        expect(verifyAppAttestReceipt({ receipt: bytes, now }).token).toBe(expected.token);
      });

      it('is about the credential certificate of its attestation', () => {
        const attestation = attestationOf(entry.sample);
        const receipt = parseAppAttestReceipt(bytes);
        expect(
          Buffer.from(receipt.attestedCertificate).equals(Buffer.from(attestation.x5c[0]!)),
        ).toBe(true);
        if (expected.type === 'ATTEST') {
          expect(Buffer.from(attestation.receipt).equals(Buffer.from(bytes))).toBe(true);
        }
      });
    },
  );
});

describe('App Attest receipt in the 2026 Apple sample', () => {
  const vector = loadFixture<{ input: AttestationVectorInput }>(
    'apple-docs_2026_ios27_sample_attestation.json',
  );
  const { receipt } = (
    decode(fromBase64(vector.input.attestationObjectBase64)) as { attStmt: { receipt: Uint8Array } }
  ).attStmt;
  const chain = loadFixture<{ certificates: { pem: string }[] }>(
    'apple-receipt-signing-chain.json',
  ).certificates;

  it('verifies and names the production environment', () => {
    const result = verifyAppAttestReceipt({ receipt, now: new Date(vector.input.verifyAt) });
    expect(result).toMatchObject({
      type: 'ATTEST',
      appId: vector.input.appId,
      environment: 'production',
    });
    expect(Buffer.from(result.clientHash).toString('hex')).toBe(
      Buffer.from(vector.input.clientDataHashHex, 'hex').toString('hex'),
    );
  });

  it('pins the same Apple Root CA - G3 as the published receipt-signing chain', () => {
    expect(Buffer.from(APPLE_ROOT_CA_G3).equals(new X509Certificate(chain[2]!.pem).raw)).toBe(true);
  });
});

describe('App Attest receipt attacks', () => {
  const entry = receipts[1]!;
  const bytes = fromBase64(entry.receiptBase64);
  const now = new Date(time(entry.properties.creationTime));

  it('refuses a receipt whose content was altered (risk metric 2 -> 0)', () => {
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf(Buffer.from('3009020111020101040132', 'hex'));
    expect(at).toBeGreaterThan(0);
    tampered[at + 10] = 0x30;
    expect(parseAppAttestReceipt(tampered).riskMetric).toBe(0);
    expectAttestationError(
      () => verifyAppAttestReceipt({ receipt: tampered, now }),
      'RECEIPT_SIGNATURE_INVALID',
    );
  });

  it('refuses a receipt checked against another root', () => {
    expectAttestationError(
      () =>
        verifyAppAttestReceipt({
          receipt: bytes,
          now,
          rootCertificate: APPLE_APP_ATTESTATION_ROOT_CA,
        }),
      'UNTRUSTED_ROOT',
    );
  });

  it('refuses a receipt whose signing certificate has expired', () => {
    const later = new Date('2021-07-01T00:00:00Z');
    expectAttestationError(
      () => verifyAppAttestReceipt({ receipt: bytes, now: later }),
      'CERTIFICATE_EXPIRED',
    );
  });

  it.each([
    ['truncated', bytes.subarray(0, 200)],
    ['not CMS', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])],
    ['empty', new Uint8Array(0)],
  ])('refuses a %s receipt as MALFORMED_EVIDENCE', (_label, receipt) => {
    expectAttestationError(() => parseAppAttestReceipt(receipt), 'MALFORMED_EVIDENCE');
  });

  it('refuses an oversized receipt', () => {
    expectAttestationError(
      () => parseAppAttestReceipt(new Uint8Array(MAX_RECEIPT_BYTES + 1)),
      'EVIDENCE_TOO_LARGE',
    );
  });
});
