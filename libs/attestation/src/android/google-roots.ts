import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Google's hardware attestation root keys, pinned as SubjectPublicKeyInfo (DER, base64).
 *
 * Trust is placed in the keys, not in root certificates: Google re-issued the same RSA-4096
 * key in four self-signed certificates (2016, 2019, 2021, 2022; the 2016 one expired in 2026),
 * and devices ship whichever one was current when they were provisioned. Since 2026 Google
 * also signs with the ECDSA P-384 root "Key Attestation CA1".
 */

/** RSA-4096 key of every "serialNumber=f92009e853b6b045" root; SPKI SHA-256 feb2ea75…fbae. */
const GOOGLE_RSA_ROOT_SPKI =
  'MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAr7bHgiuxpwHsK7Qui8xUFmOr75gvMsd/dTEDDJdSSxtf6An7' +
  'xyqpRR90PL2abxM1dEqlXnf2tqw1Ne4Xwl5jlRfdnJLmN0pTy/4lj4/7tv0Sk3iiKkypnEUtR6WfMgH0QZfKHM1+di+y' +
  '9TFRtv6y//0rb+T+W8a9nsNL/ggjnar86461qO0rOs2cXjp3kOG1FEJ5MVmFmBGtnrKpa73XpXyTqRxB/M0n1n/W9nGq' +
  'C4FSYa04T6N5RIZGBN2z2MT5IKGbFlbC8UrW0DxW7AYImQQcHtGl/m00QLVWutHQoVJYnFPlXTcHYvASLu+RhhsbDmxM' +
  'gJJ0mcDpvsC4PjvB+TxywElgS70vE0XmLD+OJtvsBslHZvPBKCOdT0MS+tgSOIfga+z1Z1g7+DVagf7quvmag8jfPioy' +
  'KvxnK/EgsTUVi2ghzq8wm27ud/mIM7AY2qEORR8Go3TVB4HzWQgpZrt3i5MIlCaY504LzSRiigHCzAPlHws+W0rB5N+e' +
  'r5/2pJKnfBSDiCiFAVtCLOZ7gLiMm0jhO2B6tUXHI/+MRPjy02i59lINMRRev56GKtcd9qO/0kUJWdZTdA2XoS82ixPv' +
  'ZtXQpUpuL12ab+9EaDK8Z4RHJYYfCT3Q5vNAXaiWQ+8PTWm2QgBR/bkwSWc+NpUFgNPN9PvQi8WEg5UmAGMCAwEAAQ==';

/** ECDSA P-384 key of "CN=Key Attestation CA1, OU=Android, O=Google LLC, C=US". */
const GOOGLE_EC_ROOT_SPKI =
  'MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEI9ojcU7fPlsFCjxy6IRqzgeOoK0b+YsV9FPQywiyw8EQRTkJ9u3qwfnI4DGo' +
  'SLlBqClTXJfgfCcZvs60FikNMHnu4fkRzObfgDkU2KNXezT9/RQ+XvNslxPHrHCowhGr';

/**
 * SHA-256 of the SPKI of the AOSP software-keystore attestation roots (EC P-256 and
 * RSA-1024). Emulators and software keymasters chain to them; they prove nothing about
 * hardware and are refused as trust anchors even when a caller passes them in.
 */
export const SOFTWARE_ROOT_SPKI_SHA256: readonly string[] = [
  'd5100c7942ef2e8310dc30ef82729680cf48d690735c3f68179a33c7c370f286',
  'f2c4746f545946c100e72297f8f946344d7052f03a2f694221f9c893b0e6f711',
];

function spkiKey(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

/** The default trust anchors: Google's RSA root key and the 2026 EC root key. */
export const GOOGLE_HARDWARE_ROOT_KEYS: readonly KeyObject[] = Object.freeze([
  spkiKey(GOOGLE_RSA_ROOT_SPKI),
  spkiKey(GOOGLE_EC_ROOT_SPKI),
]);
