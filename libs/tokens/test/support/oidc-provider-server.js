// A stock oidc-provider authorization server, run as its own process (it is ESM-only, the
// tests run under CommonJS). It knows nothing of Tessera but the vendor's public keys, given
// as a JWKS in TESSERA_JWKS, and one registered client whose id is the installation id, the
// `sub` of the attestation token (the draft's client_id). It prints its issuer once listening.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';

import { importJWK } from 'jose';
import Provider from 'oidc-provider';

const issuer = process.env.OIDC_ISSUER;
const clientId = process.env.OIDC_CLIENT_ID;
const vendorKeys = JSON.parse(process.env.TESSERA_JWKS ?? '{"keys":[]}').keys;

const provider = new Provider(issuer, {
  clientAuthMethods: ['attest_jwt_client_auth'],
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'attest_jwt_client_auth',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // The PoP JWT header is what this test exercises; DPoP combined mode would need nonces.
    dPoP: { enabled: false },
    attestClientAuth: {
      enabled: true,
      ack: 'draft-12',
      challengeSecret: randomBytes(32),
      // The attestation's signature key: the vendor key named by `kid`, nothing else.
      async getAttestationSignaturePublicKey(_ctx, header) {
        const jwk = vendorKeys.find((key) => key.kid === header.kid);
        if (jwk === undefined) throw new Error('unknown attestation signing key');
        return importJWK(jwk, header.alg);
      },
      // oidc-provider has checked typ, signatures, sub, exp, cnf, the PoP's aud, jti and
      // challenge; no further policy here.
      async assertAttestationJwtAndPop() {},
    },
  },
});

const [, port] = new URL(issuer).host.split(':');
createServer(provider.callback()).listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
