import { BuildError } from '../errors.js';
import { sha256Hex } from '../crypto/certificate.js';
import { verifyCms } from '../crypto/cms.js';
import type { ProfileFacts } from '../facts.js';
import { parsePlist, stringField } from './plist.js';
import { verifyAppleChain } from './trust.js';

/** Provisioning profile facts, plus its entitlements dictionary, from a verified profile. */
export interface VerifiedProfile {
  readonly facts: Omit<ProfileFacts, 'validAtSigningTime'>;
  readonly entitlements: Readonly<Record<string, unknown>>;
  readonly creation: Date;
  readonly expiration: Date;
}

const APP_ATTEST = 'com.apple.developer.devicecheck.appattest-environment';
const WHAT = 'embedded.mobileprovision';

/**
 * Verifies a provisioning profile: a CMS envelope around a property list, signed by Apple.
 * A bare plist is refused as unsigned, whatever it says.
 */
export function verifyProfile(bytes: Uint8Array): VerifiedProfile {
  if (bytes[0] !== 0x30) {
    parsePlist(bytes, 'PROFILE_MALFORMED', WHAT);
    throw new BuildError('UNSIGNED', `${WHAT}: a bare property list, not signed by Apple`);
  }
  const cms = verifyCms(bytes, undefined, WHAT);
  if (cms.signingTime === undefined)
    throw new BuildError('PROFILE_MALFORMED', `${WHAT}: no signing time`);
  verifyAppleChain(cms.signer, cms.certificates, cms.signingTime, WHAT);

  const dict = parsePlist(cms.content, 'PROFILE_MALFORMED', WHAT);
  const entitlements = dictionary(dict['Entitlements'], 'Entitlements');
  const creation = date(dict['CreationDate'], 'CreationDate');
  const expiration = date(dict['ExpirationDate'], 'ExpirationDate');
  const teamIds = stringArray(dict['TeamIdentifier'], 'TeamIdentifier');
  const devices = dict['ProvisionedDevices'];
  const certificates = dict['DeveloperCertificates'];
  if (!Array.isArray(certificates) || !certificates.every((c) => Buffer.isBuffer(c))) {
    throw new BuildError('PROFILE_MALFORMED', `${WHAT}: expected DeveloperCertificates`);
  }
  const appAttest = entitlements[APP_ATTEST];

  return {
    facts: {
      name: stringField(dict, 'Name', 'PROFILE_MALFORMED', WHAT),
      uuid: stringField(dict, 'UUID', 'PROFILE_MALFORMED', WHAT).toLowerCase(),
      teamIds,
      applicationIdentifier: stringField(
        entitlements,
        'application-identifier',
        'PROFILE_MALFORMED',
        WHAT,
      ),
      creationDate: creation.toISOString(),
      expirationDate: expiration.toISOString(),
      provisionsAllDevices: dict['ProvisionsAllDevices'] === true,
      provisionedDeviceCount: Array.isArray(devices) ? devices.length : 0,
      getTaskAllow: entitlements['get-task-allow'] === true,
      appAttestEnvironments:
        typeof appAttest === 'string' ? [appAttest] : stringArray(appAttest ?? [], APP_ATTEST),
      developerCertificateSha256: certificates.map((der: Buffer) => sha256Hex(der)),
      signerSha256: cms.signer.sha256,
      signingTime: cms.signingTime.toISOString(),
    },
    entitlements,
    creation,
    expiration,
  };
}

function dictionary(value: unknown, key: string): Record<string, unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Date ||
    Buffer.isBuffer(value)
  ) {
    throw new BuildError('PROFILE_MALFORMED', `${WHAT}: expected dictionary ${key}`);
  }
  return value as Record<string, unknown>;
}

function date(value: unknown, key: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new BuildError('PROFILE_MALFORMED', `${WHAT}: expected date ${key}`);
  }
  return value;
}

function stringArray(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new BuildError('PROFILE_MALFORMED', `${WHAT}: expected a list of strings in ${key}`);
  }
  return value;
}
