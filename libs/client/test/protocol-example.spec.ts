import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  enrolmentClientDataHash as serviceEnrolmentHash,
  refreshClientDataHash as serviceRefreshHash,
} from '../../../apps/api/src/runtime/protocol.js';
import { jwkThumbprint as tokensThumbprint } from '../../tokens/src/index.js';
import { createTesseraVerifier } from '../../verifier/src/index.js';
import { EXAMPLE_INPUTS, exampleKeys, exampleValues } from './protocol-example.js';

/** The `name = value` lines of PROTOCOL.md's worked example. */
function documentedExample(): Map<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'PROTOCOL.md'), 'utf8');
  const block =
    /<!-- worked-example:begin -->\s*```text\n([\s\S]*?)\n```\s*<!-- worked-example:end -->/.exec(
      text,
    );
  if (block === null) throw new Error('PROTOCOL.md has no worked example block');
  const entries = block[1]!.split('\n').map((line) => {
    const at = line.indexOf(' = ');
    if (at < 0) throw new Error(`unparsable example line: ${line}`);
    return [line.slice(0, at), line.slice(at + 3)] as [string, string];
  });
  return new Map(entries);
}

describe("PROTOCOL.md's worked example", () => {
  const documented = documentedExample();
  const keys = exampleKeys();

  it('lists every value the code computes, and the code computes every listed value', async () => {
    const computed = await exampleValues();

    for (const [name, value] of Object.entries(computed)) {
      expect([name, documented.get(name)]).toEqual([name, value]);
    }
    const signatures = ['android refresh signature', 'dpop signature'];
    expect([...documented.keys()].sort()).toEqual([...Object.keys(computed), ...signatures].sort());
  });

  it('agrees with the service and the token library on hashes and the thumbprint', () => {
    const challenge = documented.get('enrolment challenge')!;
    const refreshChallenge = documented.get('refresh challenge')!;

    expect(tokensThumbprint(keys.proofJwk)).toBe(documented.get('thumbprint T'));
    expect(serviceEnrolmentHash(challenge, keys.proofJwk).toString('hex')).toBe(
      documented.get('ios enrolment clientDataHash (hex)'),
    );
    expect(
      serviceRefreshHash(refreshChallenge, EXAMPLE_INPUTS.installationId).toString('hex'),
    ).toBe(documented.get('ios refresh clientDataHash (hex)'));
  });

  it.each([
    ['android refresh signing input', 'android refresh signature'],
    ['dpop signing input', 'dpop signature'],
  ])('has a signature over the %s by the example proof key', (input, signature) => {
    const publicKey = createPublicKey({ key: { ...keys.proofJwk }, format: 'jwk' });
    const valid = verify(
      'sha256',
      Buffer.from(documented.get(input)!, 'ascii'),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(documented.get(signature)!, 'base64url'),
    );

    expect(valid).toBe(true);
  });

  it('is a request the customer verifier admits at the documented time', async () => {
    const vendorJwk = keys.vendorPublicKey.export({ format: 'jwk' });
    const verifier = createTesseraVerifier({
      issuer: EXAMPLE_INPUTS.issuer,
      deployment: EXAMPLE_INPUTS.deployment,
      keys: [{ ...vendorJwk, kid: documented.get('vendor kid')! }],
      now: () => new Date(EXAMPLE_INPUTS.proofIssuedAt * 1000),
    });
    const proof = `${documented.get('dpop signing input')}.${documented.get('dpop signature')}`;

    const caller = await verifier.verifyRequest({
      authorization: `DPoP ${documented.get('token')}`,
      dpop: proof,
      method: 'GET',
      url: documented.get('request url')!,
    });

    expect(caller.installationId).toBe(EXAMPLE_INPUTS.installationId);
    expect(caller.keyThumbprint).toBe(documented.get('thumbprint T'));
  });
});
