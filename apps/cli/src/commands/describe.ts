import type { JWK } from 'jose';

import { jwkThumbprint } from '../../../../libs/tokens/src/index.js';
import { UsageError } from '../args.js';
import { printable } from '../terminal-text.js';

type Members = Readonly<Record<string, unknown>>;

/**
 * A readable summary of a bundle, decoded without trusting it. Every value comes from the
 * file and is escaped, so none can add a line or steer the terminal.
 */
export function describeBundle(text: string): string {
  const document = parseJson(text);
  const payload = parseJson(decodeSegment(member(document, 'payload')));
  if (document === undefined || payload === undefined) {
    throw new UsageError('the file is not a trust bundle (JSON with a base64url payload)');
  }
  const signatures = member(document, 'signatures');
  const signers = (Array.isArray(signatures) ? (signatures as unknown[]) : []).map((signature) => {
    const header = parseJson(decodeSegment(member(signature, 'protected')));
    return header === undefined ? '(unreadable header)' : shown(member(header, 'kid'));
  });
  const keys = member(payload, 'keys');
  const nextRoot = member(payload, 'nextRoot');
  return [
    `version:   ${shown(member(payload, 'version'))}`,
    `issuer:    ${shown(member(payload, 'issuer'))}`,
    `issued:    ${shown(member(payload, 'issuedAt'))}`,
    `expires:   ${shown(member(payload, 'expiresAt'))}`,
    `keys:`,
    ...(Array.isArray(keys) ? (keys as unknown[]) : []).map(
      (key) =>
        `  ${shown(member(key, 'kid'))}  ${shown(member(key, 'notBefore'))} .. ${shown(member(key, 'notAfter'))}`,
    ),
    ...(nextRoot === undefined ? [] : [`next root: ${shown(nextRootKid(nextRoot))}`]),
    `signed by: ${signers.join(', ')}`,
    '',
  ].join('\n');
}

/** The next root as `root create` names it (its thumbprint), when the member is a key. */
function nextRootKid(nextRoot: unknown): unknown {
  try {
    return jwkThumbprint(nextRoot as JWK);
  } catch {
    return `(not an Ed25519 key) x=${String(member(nextRoot, 'x'))}`;
  }
}

function parseJson(text: string | undefined): Members | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Members)
      : undefined;
  } catch {
    return undefined;
  }
}

function decodeSegment(segment: unknown): string | undefined {
  return typeof segment === 'string'
    ? Buffer.from(segment, 'base64url').toString('utf8')
    : undefined;
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, name)
    ? (value as Members)[name]
    : undefined;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return printable(value);
  return printable(JSON.stringify(value) ?? 'undefined');
}
