import { UsageError } from '../args.js';

interface Document {
  payload?: unknown;
  signatures?: { protected?: unknown }[];
}

/** A readable summary of a bundle, decoded without trusting it. */
export function describeBundle(text: string): string {
  let document: Document;
  let payload: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Document;
    payload = JSON.parse(
      Buffer.from(String(document.payload), 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
  } catch {
    throw new UsageError('the file is not a trust bundle (JSON with a base64url payload)');
  }
  const signers = (document.signatures ?? []).map((signature) => {
    try {
      const header = JSON.parse(
        Buffer.from(String(signature.protected), 'base64url').toString('utf8'),
      ) as { kid?: unknown };
      return String(header.kid);
    } catch {
      return '(unreadable header)';
    }
  });
  const keys = Array.isArray(payload.keys) ? (payload.keys as Record<string, unknown>[]) : [];
  const nextRoot = payload.nextRoot as { x?: unknown } | undefined;
  return [
    `version:   ${String(payload.version)}`,
    `issuer:    ${String(payload.issuer)}`,
    `issued:    ${String(payload.issuedAt)}`,
    `expires:   ${String(payload.expiresAt)}`,
    `keys:`,
    ...keys.map(
      (key) => `  ${String(key.kid)}  ${String(key.notBefore)} .. ${String(key.notAfter)}`,
    ),
    ...(nextRoot === undefined ? [] : [`next root: x=${String(nextRoot.x)}`]),
    `signed by: ${signers.join(', ')}`,
    '',
  ].join('\n');
}
