import { createHash } from 'node:crypto';

export interface AuditRecord {
  readonly seq: string;
  readonly recordedAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details: Record<string, unknown>;
  readonly previousHash: string;
}

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal records always hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 over the entry's content and the previous entry's hash, lowercase hex. */
export function auditEntryHash(record: AuditRecord): string {
  const content = canonicalJson({
    seq: record.seq,
    recordedAt: record.recordedAt.toISOString(),
    actor: record.actor,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    details: record.details,
    previousHash: record.previousHash,
  });
  return createHash('sha256').update(content).digest('hex');
}
