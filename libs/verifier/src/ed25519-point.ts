/**
 * Ed25519 public keys that verify signatures nobody holds a private key for.
 *
 * A point of small order (order 1, 2, 4 or 8) as the public key A makes [8][S]B = [8]R +
 * [8][k]A collapse to [8][S]B = [8]R: a signature with R the neutral point and S = 0 then
 * verifies for every message (node's verify accepts it). Such a key in a trust bundle would
 * let anyone mint tokens, and as a device key anyone could make its proofs. Refused too: an
 * encoding of y that is not reduced modulo p, which names some point a second way.
 */

const P = 2n ** 255n - 19n;

/**
 * The y coordinates of the eight small-order points. Order 1 and 2: (0, 1), (0, -1). Order
 * 4: y = 0. Order 8: 2P has order 4, so y(2P) = 0, which with a = -1 means x^2 = -y^2; put in
 * the curve equation that gives d y^4 + 2 y^2 - 1 = 0, whose roots in the field are +-Y8.
 */
const Y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022n;
const SMALL_ORDER_Y = [0n, 1n, P - 1n, Y8, P - Y8];

/** Every spelling of a small-order point: each y with the sign of x clear and set. */
const SMALL_ORDER_ENCODINGS = new Set(
  SMALL_ORDER_Y.flatMap((y) => {
    const bytes = Buffer.from(y.toString(16).padStart(64, '0'), 'hex').reverse();
    const signed = Buffer.from(bytes);
    signed[31] = signed[31]! | 0x80;
    return [bytes.toString('base64url'), signed.toString('base64url')];
  }),
);

/**
 * Whether a 32-byte Ed25519 public key (canonical base64url) is a small-order point or encodes
 * y >= p. Both are refused wherever a key is read: bundles, JWKS, tokens' `cnf`, proofs.
 */
export function isWeakEd25519Key(x: string): boolean {
  if (SMALL_ORDER_ENCODINGS.has(x)) {
    return true;
  }
  const bytes = Buffer.from(x, 'base64url');
  return isUnreducedY(bytes);
}

/** y >= p: bits 0..254 read as a number reach 2^255 - 19, i.e. 0x7fff...ffed or above. */
function isUnreducedY(bytes: Buffer): boolean {
  if ((bytes[31]! & 0x7f) !== 0x7f || bytes[0]! < 0xed) {
    return false;
  }
  for (let i = 1; i < 31; i++) {
    if (bytes[i] !== 0xff) {
      return false;
    }
  }
  return true;
}

/** For tests: the small-order spellings refused. */
export const SMALL_ORDER_ED25519_KEYS: readonly string[] = [...SMALL_ORDER_ENCODINGS];
