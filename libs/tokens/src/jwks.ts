import type { JWK } from 'jose';

/** A JSON Web Key Set (RFC 7517 §5) holding public keys only. */
export interface PublicJwks {
  readonly keys: JWK[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

/** The public JWKS for a set of signing keys; refuses anything that carries private material. */
export function publicJwks(keys: readonly { readonly publicJwk: JWK }[]): PublicJwks {
  const seen = new Set<string>();
  const out: JWK[] = [];
  for (const { publicJwk } of keys) {
    if (typeof publicJwk.kid !== 'string' || publicJwk.kid === '') {
      throw new TypeError('every key must have a kid');
    }
    if (seen.has(publicJwk.kid)) {
      throw new TypeError(`duplicate kid ${publicJwk.kid}`);
    }
    if (PRIVATE_MEMBERS.some((member) => member in publicJwk)) {
      throw new TypeError(`key ${publicJwk.kid} carries private key material`);
    }
    seen.add(publicJwk.kid);
    out.push({ ...publicJwk });
  }
  return { keys: out };
}
