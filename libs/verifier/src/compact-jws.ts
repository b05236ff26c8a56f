import { decodeBase64url } from './strict-json.js';

/** A compact JWS split into its parts; header and payload are decoded by the caller. */
export interface CompactJws {
  readonly headerSegment: string;
  readonly payloadSegment: string;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Splits `header.payload.signature` (RFC 7515 §7.1), or undefined when it is not one. */
export function splitCompactJws(jws: string): CompactJws | undefined {
  const firstDot = jws.indexOf('.');
  const secondDot = jws.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1 || jws.indexOf('.', secondDot + 1) !== -1) {
    return undefined;
  }
  // Canonical encoding only (RFC 4648 §3.5): no second spelling of the same signature.
  const signature = decodeBase64url(jws.slice(secondDot + 1));
  if (signature === undefined) {
    return undefined;
  }
  return {
    headerSegment: jws.slice(0, firstDot),
    payloadSegment: jws.slice(firstDot + 1, secondDot),
    signingInput: Buffer.from(jws.slice(0, secondDot), 'latin1'),
    signature,
  };
}
