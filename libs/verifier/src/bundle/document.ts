import { MAX_JSON_DEPTH } from '../limits.js';
import {
  decodeBase64url,
  decodeJsonSegment,
  isJsonObject,
  parseStrictJson,
} from '../strict-json.js';
import { TrustBundleError } from './errors.js';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_JSON_DEPTH, MAX_BUNDLE_SIGNATURES } from './limits.js';

/** JOSE `typ` of every trust bundle signature. */
export const TRUST_BUNDLE_TYPE = 'tessera-trust-bundle+json';

const ED25519_SIGNATURE_BYTES = 64;
const HEADER_MEMBERS = 3; // alg, kid, typ and nothing else

/** One signature of the bundle: who claims to have signed, and over which bytes. */
export interface BundleSignature {
  readonly kid: string;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** A bundle split into its signatures and its still-encoded payload. */
export interface BundleDocument {
  readonly payloadSegment: string;
  readonly signatures: readonly BundleSignature[];
}

/**
 * Reads the JWS JSON General Serialization (RFC 7515 §7.2.1) of a bundle. Only protected
 * headers count: an unprotected `header` member, or any other, is refused. No signature is
 * checked here, only the shape; two signatures naming the same key are refused outright.
 */
export function readBundleDocument(text: string): BundleDocument {
  if (typeof text !== 'string') {
    throw new TypeError('trust bundle must be given as a string');
  }
  if (text.length > MAX_BUNDLE_BYTES) {
    throw malformed(`trust bundle must not exceed ${MAX_BUNDLE_BYTES} bytes`);
  }

  const document = parseStrictJson(text, MAX_BUNDLE_JSON_DEPTH);
  const members = document === undefined ? [] : Object.keys(document).sort();
  if (document === undefined || members.join() !== 'payload,signatures') {
    throw malformed('trust bundle must be a JSON object with only payload and signatures');
  }

  const { payload, signatures } = document;
  if (typeof payload !== 'string' || decodeBase64url(payload) === undefined) {
    throw malformed('trust bundle payload must be base64url');
  }

  if (
    !Array.isArray(signatures) ||
    signatures.length === 0 ||
    signatures.length > MAX_BUNDLE_SIGNATURES
  ) {
    throw malformed(`trust bundle must carry 1 to ${MAX_BUNDLE_SIGNATURES} signatures`);
  }

  const read = (signatures as unknown[]).map((entry, index) =>
    readSignature(entry, payload, `signatures[${index}]`),
  );
  const kids = new Set(read.map((signature) => signature.kid));
  if (kids.size !== read.length) {
    throw new TrustBundleError(
      'BUNDLE_SIGNATURE_DUPLICATED',
      'trust bundle carries two signatures by the same kid',
    );
  }
  return { payloadSegment: payload, signatures: read };
}

function readSignature(entry: unknown, payload: string, label: string): BundleSignature {
  if (!isJsonObject(entry) || Object.keys(entry).sort().join() !== 'protected,signature') {
    throw malformed(`trust bundle ${label} must hold only protected and signature`);
  }
  const { protected: protectedSegment, signature: signatureSegment } = entry;
  if (typeof protectedSegment !== 'string' || typeof signatureSegment !== 'string') {
    throw malformed(`trust bundle ${label} members must be base64url strings`);
  }

  const header = decodeJsonSegment(protectedSegment, MAX_JSON_DEPTH);
  if (
    header === undefined ||
    header.alg !== 'EdDSA' ||
    header.typ !== TRUST_BUNDLE_TYPE ||
    typeof header.kid !== 'string' ||
    header.kid === '' ||
    Object.keys(header).length !== HEADER_MEMBERS
  ) {
    throw new TrustBundleError(
      'BUNDLE_SIGNATURE_INVALID',
      `trust bundle ${label} header must hold exactly alg EdDSA, kid and typ ${TRUST_BUNDLE_TYPE}`,
    );
  }

  // Canonical encoding only (RFC 4648 §3.5): no second spelling of one signature.
  const signature = decodeBase64url(signatureSegment);
  if (
    signature === undefined ||
    signature.length !== ED25519_SIGNATURE_BYTES ||
    signature.toString('base64url') !== signatureSegment
  ) {
    throw new TrustBundleError(
      'BUNDLE_SIGNATURE_INVALID',
      `trust bundle ${label} signature must be 64 bytes of canonical base64url`,
    );
  }

  return {
    kid: header.kid,
    signingInput: Buffer.from(`${protectedSegment}.${payload}`, 'latin1'),
    signature,
  };
}

function malformed(message: string): TrustBundleError {
  return new TrustBundleError('BUNDLE_MALFORMED', message);
}
