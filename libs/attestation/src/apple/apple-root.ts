import { createHash } from 'node:crypto';

/**
 * Apple App Attestation Root CA (ECDSA P-384, valid 2020-03-18 to 2045-03-15), as published by
 * Apple at apple.com/certificateauthority. Every App Attest credential chain ends here.
 */
const APPLE_APP_ATTESTATION_ROOT_CA_BASE64 =
  'MIICITCCAaegAwIBAgIQC/O+DvHN0uD7jG5yH2IXmDAKBggqhkjOPQQDAzBSMSYw' +
  'JAYDVQQDDB1BcHBsZSBBcHAgQXR0ZXN0YXRpb24gUm9vdCBDQTETMBEGA1UECgwK' +
  'QXBwbGUgSW5jLjETMBEGA1UECAwKQ2FsaWZvcm5pYTAeFw0yMDAzMTgxODMyNTNa' +
  'Fw00NTAzMTUwMDAwMDBaMFIxJjAkBgNVBAMMHUFwcGxlIEFwcCBBdHRlc3RhdGlv' +
  'biBSb290IENBMRMwEQYDVQQKDApBcHBsZSBJbmMuMRMwEQYDVQQIDApDYWxpZm9y' +
  'bmlhMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAERTHhmLW07ATaFQIEVwTtT4dyctdh' +
  'NbJhFs/Ii2FdCgAHGbpphY3+d8qjuDngIN3WVhQUBHAoMeQ/cLiP1sOUtgjqK9au' +
  'Yen1mMEvRq9Sk3Jm5X8U62H+xTD3FE9TgS41o0IwQDAPBgNVHRMBAf8EBTADAQH/' +
  'MB0GA1UdDgQWBBSskRBTM72+aEH/pwyp5frq5eWKoTAOBgNVHQ8BAf8EBAMCAQYw' +
  'CgYIKoZIzj0EAwMDaAAwZQIwQgFGnByvsiVbpTKwSga0kP0e8EeDS4+sQmTvb7vn' +
  '53O5+FRXgeLhpJ06ysC5PrOyAjEAp5U4xDgEgllF7En3VcE3iexZZtKeYnpqtijV' +
  'oyFraWVIyd/dganmrduC1bmTBGwD';

/** SHA-256 of the DER above; checked when this module loads, so a damaged constant cannot ship. */
export const APPLE_APP_ATTESTATION_ROOT_CA_SHA256 =
  '1cb9823ba28ba6ad2d33a006941de2ae4f513ef1d4e831b9f7e0fa7b6242c932';

function loadPinnedRoot(): Uint8Array {
  const der = new Uint8Array(Buffer.from(APPLE_APP_ATTESTATION_ROOT_CA_BASE64, 'base64'));
  const digest = createHash('sha256').update(der).digest('hex');
  if (digest !== APPLE_APP_ATTESTATION_ROOT_CA_SHA256) {
    throw new Error('Pinned Apple App Attestation Root CA does not match its SHA-256 fingerprint');
  }
  return der;
}

/** DER of the pinned Apple App Attestation Root CA. */
export const APPLE_APP_ATTESTATION_ROOT_CA: Uint8Array = loadPinnedRoot();
