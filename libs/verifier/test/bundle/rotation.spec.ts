import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTrustBundle, generateRootKey } from '../../../tokens/src/index.js';
import {
  fileTrustStateStore,
  isTrustBundleError,
  loadTrustBundle,
  type TrustStateStore,
} from '../../src/index.js';
import { at, DAY, ISSUER, NOW, Vendor } from './bundle-harness.js';

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (isTrustBundleError(error)) return error.code;
    throw error;
  }
}

describe('root rotation and the state file', () => {
  let folder: string;
  let store: TrustStateStore;
  let statePath: string;
  const vendor = new Vendor();
  const pinned = vendor.rootPublic;
  const oldRoot = vendor.root;
  const newRoot = generateRootKey();

  const load = (text: string) =>
    loadTrustBundle(text, { rootPublicKey: pinned, stateStore: store, now: NOW });

  const bundleBy = (version: number, rootKey = newRoot, nextRootKey?: typeof newRoot) =>
    createTrustBundle({
      version,
      issuer: ISSUER,
      issuedAt: at(-DAY),
      expiresAt: at(30 * DAY),
      keys: [{ jwk: vendor.keyA.publicJwk, notBefore: at(-DAY), notAfter: at(DAY) }],
      rootKey,
      ...(nextRootKey !== undefined && { nextRootKey }),
    });

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-trust-'));
    statePath = join(folder, 'trust-state.json');
    store = fileTrustStateStore(statePath);
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('keeps the highest version in the file, so a rollback is refused after a restart', async () => {
    load(vendor.bundle(2));
    const restarted = fileTrustStateStore(statePath);
    expect(
      codeOf(() =>
        loadTrustBundle(vendor.bundle(1), {
          rootPublicKey: pinned,
          stateStore: restarted,
          now: NOW,
        }),
      ),
    ).toBe('BUNDLE_VERSION_ROLLBACK');
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toMatchObject({ highestVersion: 2 });
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the state unchanged when a bundle is refused', async () => {
    load(vendor.bundle(3));
    const before = await readFile(statePath, 'utf8');
    expect(codeOf(() => load(vendor.bundle(4, { expiresAt: at(-1000), issuedAt: at(-DAY) })))).toBe(
      'BUNDLE_EXPIRED',
    );
    expect(await readFile(statePath, 'utf8')).toBe(before);
  });

  it('fails closed on a corrupt state file', async () => {
    await writeFile(statePath, '{"format":1,');
    expect(codeOf(() => load(vendor.bundle(1)))).toBe('TRUST_STATE_INVALID');
  });

  it('moves trust to a new root only through a bundle signed by the old root and the new', () => {
    load(vendor.bundle(1));
    const transition = bundleBy(2, oldRoot, newRoot);
    expect(load(transition).rootKid).not.toBe(pinned.kid);

    // Reloading the transition after a restart, and a later bundle by the new root alone.
    expect(load(transition).version).toBe(2);
    expect(load(bundleBy(3)).version).toBe(3);

    // The old root no longer speaks for the vendor once replaced.
    expect(codeOf(() => load(bundleBy(4, oldRoot)))).toBe('BUNDLE_ROOT_UNKNOWN');
  });

  it('refuses a bundle by a new root that no bundle of the old root introduced', () => {
    load(vendor.bundle(1));
    expect(codeOf(() => load(bundleBy(2)))).toBe('BUNDLE_ROOT_UNKNOWN');
  });

  it('refuses a rotation the new root did not sign', () => {
    const transition = bundleBy(2, oldRoot, newRoot);
    const document = JSON.parse(transition) as { signatures: unknown[] };
    const onlyOld = JSON.stringify({ ...document, signatures: document.signatures.slice(0, 1) });
    expect(codeOf(() => load(onlyOld))).toBe('BUNDLE_ROOT_ROTATION_INVALID');
  });

  it('without a state store, cannot notice a rollback (documented)', () => {
    const noState = { rootPublicKey: pinned, now: NOW };
    loadTrustBundle(vendor.bundle(5), noState);
    expect(loadTrustBundle(vendor.bundle(4), noState).version).toBe(4);
  });
});
