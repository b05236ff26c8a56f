import { BuildError } from '../errors.js';
import type { IosBundleFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import {
  verifyCodeSignature,
  type BoundFiles,
  type VerifiedCodeSignature,
} from './code-signature.js';
import { signedImages } from './macho.js';
import { parsePlist, stringField } from './plist.js';
import { verifyProfile } from './profile.js';
import { verifyAppleChain } from './trust.js';

const APP_ATTEST = 'com.apple.developer.devicecheck.appattest-environment';
const TEAM_ID = 'com.apple.developer.team-identifier';

/** Verifies one bundle (an .app or .appex folder in the IPA) and returns its facts. */
export async function inspectBundle(
  archive: Archive,
  path: string,
  limits: BuildLimits,
): Promise<IosBundleFacts> {
  const what = `${path}/Info.plist`;
  const infoBytes = await archive.read(`${path}/Info.plist`, limits.maxMetadataBytes);
  const info = parsePlist(infoBytes, 'MANIFEST_MALFORMED', what);
  const bundleId = stringField(info, 'CFBundleIdentifier', 'MANIFEST_MALFORMED', what);
  const executable = `${path}/${stringField(info, 'CFBundleExecutable', 'MANIFEST_MALFORMED', what)}`;
  if (!archive.entries.has(executable))
    throw new BuildError('MANIFEST_MALFORMED', `${what}: executable is missing`);

  const resourcesName = `${path}/_CodeSignature/CodeResources`;
  const codeResources = archive.entries.has(resourcesName)
    ? await archive.read(resourcesName, limits.maxMetadataBytes)
    : null;
  const signature = signatureOf(await archive.read(executable, limits.maxExecutableBytes), {
    infoPlist: infoBytes,
    codeResources,
  });
  const signingTime = signature.cms.signingTime;
  if (signingTime === undefined)
    throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${executable}: no signing time`);
  const chain = verifyAppleChain(
    signature.cms.signer,
    signature.cms.certificates,
    signingTime,
    executable,
  );

  // Identity comes from the signed entitlements, never from a (possibly wildcard) profile.
  const entitlements = parsePlist(
    signature.entitlements,
    'EXECUTABLE_MALFORMED',
    `${executable} entitlements`,
  );
  const applicationIdentifier = stringField(
    entitlements,
    'application-identifier',
    'ENTITLEMENTS_MISSING',
    executable,
  );
  const teamId = stringField(entitlements, TEAM_ID, 'ENTITLEMENTS_MISSING', executable);
  if (applicationIdentifier !== `${teamId}.${bundleId}`) {
    throw new BuildError(
      'SIGNER_MISMATCH',
      `${executable}: application-identifier does not match team and bundle id`,
    );
  }
  const leaf = signature.cms.signer;
  if (!leaf.subject.split(',').includes(`OU=${teamId}`)) {
    throw new BuildError('SIGNER_MISMATCH', `${executable}: signing certificate is not the team's`);
  }

  const profileName = `${path}/embedded.mobileprovision`;
  if (!archive.entries.has(profileName))
    throw new BuildError('PROFILE_MISSING', `${profileName} is missing`);
  const profile = verifyProfile(await archive.read(profileName, limits.maxMetadataBytes));
  checkProfileAllows(profile.facts, leaf.sha256, teamId, applicationIdentifier);

  const appAttest = entitlements[APP_ATTEST];
  if (appAttest !== undefined && appAttest !== 'development' && appAttest !== 'production') {
    throw new BuildError(
      'EXECUTABLE_MALFORMED',
      `${executable}: ${APP_ATTEST} must be development or production`,
    );
  }
  if (appAttest !== undefined && !profile.facts.appAttestEnvironments.includes(appAttest)) {
    throw new BuildError(
      'PROFILE_MISMATCH',
      `${profileName}: does not allow App Attest ${appAttest}`,
    );
  }

  return {
    path,
    bundleId,
    version: stringField(info, 'CFBundleShortVersionString', 'MANIFEST_MALFORMED', what),
    buildNumber: stringField(info, 'CFBundleVersion', 'MANIFEST_MALFORMED', what),
    teamId,
    applicationIdentifier,
    appAttestEnvironment: appAttest ?? null,
    getTaskAllow: entitlements['get-task-allow'] === true,
    entitlements,
    signingCertificate: {
      sha256: leaf.sha256,
      subject: leaf.subject,
      notAfter: leaf.notAfter.toISOString(),
      chainSha256: chain.map((certificate) => certificate.sha256),
    },
    signingTime: signingTime.toISOString(),
    profile: {
      ...profile.facts,
      validAtSigningTime: signingTime >= profile.creation && signingTime <= profile.expiration,
    },
  };
}

/** Every architecture must carry the same verified signature; the first one is reported. */
export function signatureOf(executable: Buffer, files: BoundFiles): VerifiedCodeSignature {
  const [first, ...others] = signedImages(executable).map((image) =>
    verifyCodeSignature(image, files),
  );
  if (first === undefined) throw new BuildError('UNSIGNED', 'executable: no code signature');
  for (const other of others) {
    if (
      !other.entitlements.equals(first.entitlements) ||
      other.cms.signer.sha256 !== first.cms.signer.sha256
    ) {
      throw new BuildError('SIGNER_MISMATCH', 'executable: architectures are signed differently');
    }
  }
  return first;
}

function checkProfileAllows(
  profile: ReturnType<typeof verifyProfile>['facts'],
  leafSha256: string,
  teamId: string,
  applicationIdentifier: string,
): void {
  if (!profile.developerCertificateSha256.includes(leafSha256)) {
    throw new BuildError(
      'PROFILE_MISMATCH',
      'provisioning profile does not list the signing certificate',
    );
  }
  if (!profile.teamIds.includes(teamId))
    throw new BuildError('PROFILE_MISMATCH', 'provisioning profile is for another team');
  const pattern = profile.applicationIdentifier;
  const allowed = pattern.endsWith('*')
    ? applicationIdentifier.startsWith(pattern.slice(0, -1))
    : pattern === applicationIdentifier;
  if (!allowed)
    throw new BuildError(
      'PROFILE_MISMATCH',
      'provisioning profile does not cover this application identifier',
    );
}
