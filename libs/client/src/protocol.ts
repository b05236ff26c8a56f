import { base64url, sha256, utf8 } from './encoding.js';
import type { EcPublicJwk, ProofKeySigner } from './platform.js';

/**
 * The exact bytes of each step of PROTOCOL.md, in one place, as pure functions of their
 * inputs: what the worked example in PROTOCOL.md is checked against.
 */

/** RFC 7638 thumbprint input of a P-256 key: required members, sorted, no whitespace. */
export function thumbprintInput(jwk: EcPublicJwk): string {
  return `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
}

/** RFC 7638 thumbprint: base64url(SHA-256(UTF-8 thumbprint input)). */
export async function jwkThumbprint(jwk: EcPublicJwk): Promise<string> {
  return base64url(await sha256(utf8(thumbprintInput(jwk))));
}

/** iOS enrolment clientDataHash: SHA-256(UTF-8 "<challenge>.<thumbprint of the proof key>"). */
export async function enrolmentClientDataHash(challenge: string, jwk: EcPublicJwk) {
  return sha256(utf8(`${challenge}.${await jwkThumbprint(jwk)}`));
}

/** iOS refresh clientDataHash: SHA-256(UTF-8 "<challenge>.<installationId>"). */
export function refreshClientDataHash(challenge: string, installationId: string) {
  return sha256(utf8(`${challenge}.${installationId}`));
}

/** `ath` of a DPoP proof: base64url(SHA-256(ASCII token)). */
export async function accessTokenHash(token: string): Promise<string> {
  return base64url(await sha256(utf8(token)));
}

/** `htu` of a DPoP proof: the URL without query and fragment, as the WHATWG parser writes it. */
export function targetUri(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * A compact JWS by the proof key: the signing input is the ASCII string
 * base64url(UTF-8 JSON header) "." base64url(UTF-8 JSON payload), JSON written as given
 * (member order as listed, no whitespace); the signature is ES256 in JOSE form.
 */
export async function signCompactJws(
  signer: ProofKeySigner,
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
): Promise<string> {
  const signingInput = `${base64url(utf8(JSON.stringify(header)))}.${base64url(utf8(JSON.stringify(payload)))}`;
  const signature = await signer.sign(utf8(signingInput));
  if (signature.length !== 64) {
    throw new TypeError('sign must return a 64-byte JOSE ES256 signature (r || s)');
  }
  return `${signingInput}.${base64url(signature)}`;
}

export interface DpopClaims {
  readonly jti: string;
  readonly htm: string;
  readonly htu: string;
  readonly iat: number;
  readonly ath: string;
}

/** DPoP proof (RFC 9449 §4.2): header `{typ, alg, jwk}`, claims `{jti, htm, htu, iat, ath}`. */
export async function dpopProof(signer: ProofKeySigner, claims: DpopClaims): Promise<string> {
  const jwk = await signer.publicJwk();
  const header = {
    typ: 'dpop+jwt',
    alg: 'ES256',
    jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
  };
  return signCompactJws(signer, header, { ...claims });
}

/** Android refresh proof: header `{alg, typ}`, claims `{sub, chl, iat}`. */
export function androidRefreshProof(
  signer: ProofKeySigner,
  claims: { readonly sub: string; readonly chl: string; readonly iat: number },
): Promise<string> {
  return signCompactJws(signer, { alg: 'ES256', typ: 'tessera-refresh+jwt' }, { ...claims });
}
