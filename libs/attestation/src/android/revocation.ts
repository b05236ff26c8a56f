import { isDeepStrictEqual } from 'node:util';
import { AttestationError } from '../errors.js';
import { objectMembers, valueStart } from './json-members.js';

/** Bounds on a status list: text size and entry count (Google's list holds a few hundred). */
export const MAX_STATUS_LIST_BYTES = 8 * 1024 * 1024;
export const MAX_STATUS_LIST_ENTRIES = 100_000;

export type RevocationStatus = 'REVOKED' | 'SUSPENDED';

export interface RevocationEntry {
  readonly status: RevocationStatus;
  readonly reason?: string;
  readonly expires?: string;
  readonly comment?: string;
}

/** Google's attestation certificate status list, indexed by serial number. */
export interface RevocationStatusList {
  /** Distinct serial keys in the list, after normalisation. */
  readonly size: number;
  /** The entry listing this certificate serial, if any. */
  lookup(serialNumber: bigint): RevocationEntry | undefined;
}

const KEY_PATTERN = /^[0-9a-f]+$/;

function invalid(what: string): AttestationError {
  return new AttestationError('REVOCATION_LIST_INVALID', `status list: ${what}`);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(`${field} must be a string`);
}

function readEntry(key: string, value: unknown): RevocationEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`entry ${key} must be an object`);
  }
  const { status, reason, expires, comment } = value as Record<string, unknown>;
  if (status !== 'REVOKED' && status !== 'SUSPENDED') {
    throw invalid(`entry ${key}: status must be REVOKED or SUSPENDED`);
  }
  const entry = {
    status,
    reason: optionalString(reason, `entry ${key}.reason`),
    expires: optionalString(expires, `entry ${key}.expires`),
    comment: optionalString(comment, `entry ${key}.comment`),
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as never;
}

/** Lowercase hex (odd lengths allowed) or decimal, leading zeros dropped. */
function normaliseKey(key: string): string {
  const lower = key.toLowerCase();
  if (!KEY_PATTERN.test(lower)) throw invalid(`key ${JSON.stringify(key)} is not a serial number`);
  return lower.replace(/^0+(?=.)/, '');
}

/** Raw member list of `entries`, so that repeated keys are seen rather than overwritten. */
function rawEntries(json: string): { name: string; valueText: string }[] {
  const top = objectMembers(json, valueStart(json), 16).filter((m) => m.name === 'entries');
  if (top.length !== 1) throw invalid('expected exactly one "entries" object');
  const entriesText = (top[0] as { valueText: string }).valueText;
  if (!entriesText.startsWith('{')) throw invalid('"entries" must be an object');
  try {
    return objectMembers(entriesText, 0, MAX_STATUS_LIST_ENTRIES);
  } catch {
    throw invalid(`more than ${MAX_STATUS_LIST_ENTRIES} entries`);
  }
}

/**
 * Parses the status list JSON (https://android.googleapis.com/attestation/status format).
 *
 * Keys are certificate serial numbers written as lowercase hex without leading zeros, but
 * older entries are decimal. An all-digit key is therefore indexed under both readings; a
 * certificate matches when its serial equals either (as Google's own verifier does, and
 * erring towards refusal). A key repeated in the text is merged when every copy carries the
 * same entry, and the whole list is refused when the copies disagree.
 */
export function parseRevocationStatusList(json: string): RevocationStatusList {
  if (typeof json !== 'string') throw new TypeError('status list must be passed as JSON text');
  if (json.length > MAX_STATUS_LIST_BYTES) throw invalid('text too large');
  try {
    JSON.parse(json);
  } catch {
    throw invalid('not valid JSON');
  }
  if (!json.trimStart().startsWith('{')) throw invalid('expected a JSON object');

  const byKey = new Map<string, RevocationEntry>();
  for (const member of rawEntries(json)) {
    const key = normaliseKey(member.name);
    const entry = readEntry(key, JSON.parse(member.valueText));
    const earlier = byKey.get(key);
    if (earlier && !isDeepStrictEqual(earlier, entry)) {
      throw invalid(`key ${key} is listed more than once with different entries`);
    }
    byKey.set(key, entry);
  }

  const bySerial = new Map<bigint, RevocationEntry>();
  for (const [key, entry] of byKey) {
    if (/^[0-9]+$/.test(key) && !bySerial.has(BigInt(key))) bySerial.set(BigInt(key), entry);
    if (!bySerial.has(BigInt('0x' + key))) bySerial.set(BigInt('0x' + key), entry);
  }

  return Object.freeze({
    size: byKey.size,
    lookup: (serialNumber: bigint) => bySerial.get(serialNumber),
  });
}
