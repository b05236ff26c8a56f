import { generateSigningKey } from '../../../tokens/src/index.js';
import {
  acceptTrustBundle,
  createTesseraVerifier,
  isVerificationError,
  refusalResponse,
  type TesseraVerifier,
} from '../../src/index.js';
import { DEPLOYMENT, ISSUER, NOW, Scenario, TARGET_URL } from '../harness.js';
import { at, DAY, Vendor } from './bundle-harness.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (isVerificationError(error)) return error.code;
    throw error;
  }
}

describe('a verifier built from a trust bundle', () => {
  const vendor = new Vendor();
  const scenario = new Scenario();
  const signer = scenario.vendor;

  function verifierFor(notBefore: Date, notAfter: Date, expiresAt = at(30 * DAY)) {
    const text = vendor.bundle(1, {
      issuer: ISSUER,
      expiresAt,
      keys: [{ jwk: signer.publicJwk, notBefore, notAfter }],
    });
    const { bundle } = acceptTrustBundle(text, {
      rootPublicKey: vendor.rootPublic,
      now: NOW,
      state: undefined,
    });
    let clock = NOW;
    const verifier = createTesseraVerifier({
      deployment: DEPLOYMENT,
      trustBundle: bundle,
      now: () => clock,
    });
    return {
      verifier,
      setClock: (date: Date) => {
        clock = date;
      },
    };
  }

  async function request(verifier: TesseraVerifier, issuedAt = NOW, sentAt = NOW) {
    const token = await scenario.token({ now: issuedAt });
    const proof = await scenario.proof(token, { now: sentAt });
    return verifier.verifyRequest({
      authorization: `DPoP ${token}`,
      dpop: proof,
      method: 'GET',
      url: TARGET_URL,
    });
  }

  it('accepts a token whose iat is inside its key window', async () => {
    const { verifier } = verifierFor(at(-DAY), at(DAY));
    await expect(request(verifier)).resolves.toMatchObject({ installationId: 'inst-42' });
  });

  it('refuses a token signed before its key window opened', async () => {
    const { verifier } = verifierFor(at(1000), at(DAY));
    expect(await codeOf(request(verifier))).toBe('TOKEN_KEY_OUTSIDE_WINDOW');
  });

  it('refuses a token signed after its key window closed, even while unexpired', async () => {
    const { verifier } = verifierFor(at(-DAY), at(-1000));
    expect(await codeOf(request(verifier))).toBe('TOKEN_KEY_OUTSIDE_WINDOW');
  });

  it('keeps accepting a token signed inside the window after the window closed', async () => {
    const { verifier, setClock } = verifierFor(at(-DAY), at(60_000));
    setClock(at(120_000));
    await expect(request(verifier, at(59_000), at(120_000))).resolves.toBeDefined();
  });

  it('refuses every request once the bundle expired, with 503', async () => {
    const { verifier, setClock } = verifierFor(at(-DAY), at(DAY), at(DAY));
    setClock(at(DAY));
    const refusal = await request(verifier).catch((error: unknown) => error);
    expect(isVerificationError(refusal) && refusal.code).toBe('TRUST_BUNDLE_EXPIRED');
    if (isVerificationError(refusal)) expect(refusalResponse(refusal).status).toBe(503);
  });

  it('refuses a token by a key the bundle does not list', async () => {
    const other = generateSigningKey();
    const text = vendor.bundle(1, {
      keys: [{ jwk: other.publicJwk, notBefore: at(-DAY), notAfter: at(DAY) }],
    });
    const { bundle } = acceptTrustBundle(text, {
      rootPublicKey: vendor.rootPublic,
      now: NOW,
      state: undefined,
    });
    const verifier = createTesseraVerifier({
      deployment: DEPLOYMENT,
      trustBundle: bundle,
      now: () => NOW,
    });
    expect(await codeOf(request(verifier))).toBe('TOKEN_KEY_UNKNOWN');
  });

  it('takes no bundle it did not verify, and not both keys and a bundle', () => {
    const { bundle } = acceptTrustBundle(vendor.bundle(1), {
      rootPublicKey: vendor.rootPublic,
      now: NOW,
      state: undefined,
    });
    expect(() =>
      createTesseraVerifier({ deployment: DEPLOYMENT, trustBundle: { ...bundle } }),
    ).toThrow(TypeError);
    expect(() =>
      createTesseraVerifier({
        deployment: DEPLOYMENT,
        trustBundle: bundle,
        keys: [signer.publicJwk],
      }),
    ).toThrow(TypeError);
    expect(() =>
      createTesseraVerifier({ deployment: DEPLOYMENT, trustBundle: bundle, issuer: 'https://x' }),
    ).toThrow(TypeError);
  });
});
