import { isAttestationError, type AttestationErrorCode } from '../../src/errors.js';
import {
  parseRevocationStatusList,
  verifyAndroidAttestationEvidence,
} from '../../src/android/index.js';
import { checkRevocation } from '../../src/android/checks.js';
import { parseCertificate } from '../../src/android/certificate.js';
import { androidVector, androidVectors, hex, rootsFixture } from './fixtures.js';
import { pemToDer } from './der-helpers.js';

interface ListFixture {
  input: { statusList?: unknown; statusListRawJson?: string };
  expect: Record<string, unknown>;
}

function listText(file: string): string {
  const { input } = rootsFixture<ListFixture>(file);
  return input.statusListRawJson ?? JSON.stringify(input.statusList);
}

function codeOf(run: () => unknown): AttestationErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (isAttestationError(error)) return error.code;
    throw error;
  }
}

describe('parseRevocationStatusList', () => {
  it('reads Google test list: five entries, decimal keys matched as decimal serials', () => {
    const list = parseRevocationStatusList(listText('google-attestation-status-test-list.json'));

    expect(list.size).toBe(5);
    expect(list.lookup(0x5cb838f1fe157a85n)?.status).toBe('REVOKED');
    expect(list.lookup(0xcc66e9a93713b6e643b26c15879786f7n)).toMatchObject({
      status: 'SUSPENDED',
      reason: 'KEY_COMPROMISE',
    });
    expect(list.lookup(0xbadbeefn)).toBeUndefined();
  });

  it('reads the 2025 snapshot: 467 entries including odd-length hex keys', () => {
    const list = parseRevocationStatusList(
      listText('google-attestation-status-snapshot-2025-01.json'),
    );

    expect(list.size).toBe(467);
    expect(list.lookup(0x9414602a0ce3f77d9ac05af532785efn)?.status).toBe('REVOKED');
    expect(list.lookup(0xc35747a084470c3135aeefe2b8d40cd6n)?.status).toBe('REVOKED');
    expect(list.lookup(6681152659205225093n)?.status).toBe('REVOKED');
  });

  it('merges the 2024 snapshot repeated keys, which carry identical entries', () => {
    const fixture = rootsFixture<ListFixture>(
      'google-attestation-status-snapshot-2024-01-with-duplicate-keys.json',
    );
    const list = parseRevocationStatusList(fixture.input.statusListRawJson as string);

    expect(list.size).toBe(fixture.expect['distinctKeys']);
    for (const key of fixture.expect['duplicatedKeys'] as string[]) {
      expect(list.lookup(BigInt('0x' + key))?.status).toBe('REVOKED');
    }
  });

  it('reads the format example with every documented field', () => {
    const list = parseRevocationStatusList(
      listText('google-attestation-status-format-example.json'),
    );

    expect(list.size).toBe(3);
    expect(list.lookup(0x2c8cdddfd5e03bfcn)).toEqual({
      status: 'REVOKED',
      expires: '2020-11-13',
      reason: 'KEY_COMPROMISE',
      comment: 'Key stored on unsecure system',
    });
    expect(list.lookup(0xc8966fcb2fbb0d7an)?.status).toBe('SUSPENDED');
    expect(list.lookup(1n)?.status).toBe('REVOKED');
  });

  it('refuses a list whose repeated key carries contradicting entries', () => {
    const text = '{"entries": {"abc": {"status": "REVOKED"}, "0ABC": {"status": "SUSPENDED"}}}';
    expect(codeOf(() => parseRevocationStatusList(text))).toBe('REVOCATION_LIST_INVALID');
  });

  it.each([
    ['not JSON', '{"entries": '],
    ['no entries', '{"other": {}}'],
    ['unknown status', '{"entries": {"ab": {"status": "GOOD"}}}'],
    ['non-hex key', '{"entries": {"xyz": {"status": "REVOKED"}}}'],
    ['entry not an object', '{"entries": {"ab": "REVOKED"}}'],
  ])('refuses %s', (_name, text) => {
    expect(codeOf(() => parseRevocationStatusList(text))).toBe('REVOCATION_LIST_INVALID');
  });
});

describe('revocation during verification', () => {
  it('refuses the SUSPENDED test certificate', () => {
    const vector = androidVector('google-android-key-attestation_revocation_suspended_cert.json');
    const list = parseRevocationStatusList(JSON.stringify(vector.input.statusList));
    const cert = parseCertificate(pemToDer(vector.input.certificatePem as string), 1);

    expect(codeOf(() => checkRevocation([cert], list))).toBe('CERTIFICATE_REVOKED');
  });

  it('refuses a real chain whose batch certificate serial is listed', () => {
    const vector = androidVector('android-keyattestation_sony-xperia10-iii_sdk33_TEE_EC.json');
    const batchSerial = (vector.facts?.chain?.[1]?.serialHex ?? '').toLowerCase();
    const list = parseRevocationStatusList(
      JSON.stringify({
        entries: { [batchSerial]: { status: 'REVOKED', reason: 'KEY_COMPROMISE' } },
      }),
    );
    const input = {
      chain: vector.input.chainPem as string[],
      challenge: hex(vector.input.expectedChallengeHex as string),
      now: new Date(vector.input.verifyAt as string),
    };

    expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('accepted');
    expect(codeOf(() => verifyAndroidAttestationEvidence({ ...input, revocationList: list }))).toBe(
      'CERTIFICATE_REVOKED',
    );
  });

  it('lists none of the accepted vectors in the 2025 snapshot', () => {
    const list = parseRevocationStatusList(
      listText('google-attestation-status-snapshot-2025-01.json'),
    );
    const accepted = androidVectors().filter(
      (v) => v.input.chainPem && v.expect.verdictUnderDefaultPolicy === 'accept',
    );
    for (const vector of accepted) {
      const input = {
        chain: vector.input.chainPem as string[],
        challenge: hex(vector.input.expectedChallengeHex as string),
        now: new Date(vector.input.verifyAt as string),
        revocationList: list,
      };
      expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('accepted');
    }
  });
});
