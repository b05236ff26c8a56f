import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

export interface AndroidVector {
  readonly file: string;
  readonly kind: string;
  readonly description: string;
  readonly input: {
    readonly chainPem?: string[];
    readonly leafPem?: string;
    readonly certificatePem?: string;
    readonly trustAnchor?: string;
    readonly verifyAt?: string;
    readonly expectedChallengeHex?: string;
    readonly expectedPackageNames?: string[];
    readonly expectedSigningCertDigestsHex?: string[];
    readonly statusList?: unknown;
  };
  readonly facts?: { readonly chain?: { serialHex: string; notAfter: string }[] };
  readonly expect: Record<string, unknown> & { readonly verdictUnderDefaultPolicy: string };
  readonly negativeCases?: { change: Record<string, unknown>; expect: string }[];
}

export function androidVectors(): AndroidVector[] {
  const dir = join(FIXTURES, 'android-key');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map(
      (file) =>
        ({
          file,
          ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object),
        }) as AndroidVector,
    );
}

export function androidVector(file: string): AndroidVector {
  const found = androidVectors().find((v) => v.file === file);
  if (!found) throw new Error(`no fixture ${file}`);
  return found;
}

export function rootsFixture<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, 'roots', file), 'utf8')) as T;
}

export function hex(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'hex'));
}
