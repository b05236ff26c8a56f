import { decodeBase64url, decodeJsonSegment, type JsonObject } from './strict-json.js';

/** A compact JWS split into its parts; the payload is decoded only after the signature. */
export interface CompactJws {
  readonly header: JsonObject;
  readonly payloadSegment: string;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Splits `header.payload.signature` (RFC 7515 §7.1), or undefined when it is not one. */
export function splitCompactJws(jws: string, maxDepth: number): CompactJws | undefined {
  const firstDot = jws.indexOf('.');
  const secondDot = jws.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1 || jws.indexOf('.', secondDot + 1) !== -1) {
    return undefined;
  }
  const header = decodeJsonSegment(jws.slice(0, firstDot), maxDepth);
  const signature = decodeBase64url(jws.slice(secondDot + 1));
  if (header === undefined || signature === undefined) {
    return undefined;
  }
  return {
    header,
    payloadSegment: jws.slice(firstDot + 1, secondDot),
    signingInput: Buffer.from(jws.slice(0, secondDot), 'latin1'),
    signature,
  };
}
