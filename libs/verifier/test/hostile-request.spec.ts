import { isVerificationError } from '../src/index.js';
import { outcome, Scenario, tokenHash } from './harness.js';
import {
  DOCUMENTED_CODES,
  ALPHABET,
  seeded,
  pick,
  segments,
  latin1Alias,
  withSpareBit,
  deviceProof,
  proofClaims,
  request,
  sendToken,
  sendProof,
} from './hostile-support.js';

describe('Authorization header', () => {
  it.each([
    ['the scheme in lower case', (t: string) => `dpop ${t}`],
    ['the scheme in upper case', (t: string) => `DPOP ${t}`],
    ['the scheme in mixed case', (t: string) => `dPoP ${t}`],
    ['several spaces after the scheme', (t: string) => `DPoP    ${t}`],
    ['spaces and tabs around the value', (t: string) => ` \t DPoP ${t}\t `],
  ])('accepts %s', async (_label, shape) => {
    const s = new Scenario();
    const token = await s.token();
    expect(await outcome(s.verifier, request(shape(token), await s.proof(token)))).toBe('ACCEPTED');
  });

  it.each([
    ['a tab after the scheme', (t: string) => `DPoP\t${t}`],
    ['a no-break space after the scheme', (t: string) => `DPoP\u00a0${t}`],
    ['a line break after the scheme', (t: string) => `DPoP\r\n${t}`],
    ['no separator', (t: string) => `DPoP${t}`],
    ['a comma after the scheme', (t: string) => `DPoP, ${t}`],
    ['a longer scheme name', (t: string) => `DPoPP ${t}`],
    ['a shorter scheme name', (t: string) => `DPo ${t}`],
    ['the Bearer scheme', (t: string) => `Bearer ${t}`],
    ['a scheme letter past Latin-1 with the low byte of D', (t: string) => `\u0144PoP ${t}`],
    ['a scheme letter past Latin-1 with the low byte of O', (t: string) => `DP\u014fP ${t}`],
    ['a scheme letter with the case bit on a non-letter', (t: string) => `DP\u000fP ${t}`],
    ['the token before the scheme', (t: string) => `${t} DPoP`],
    ['the scheme alone', () => 'DPoP'],
    ['the scheme and spaces alone', () => 'DPoP    '],
    ['whitespace alone', () => ' \t '],
  ])('TOKEN_SCHEME_INVALID for %s', async (_label, shape) => {
    const s = new Scenario();
    const token = await s.token();
    expect(await outcome(s.verifier, request(shape(token), await s.proof(token)))).toBe(
      'TOKEN_SCHEME_INVALID',
    );
  });

  it.each([
    ['a tab between the spaces and the token', (t: string) => `DPoP \t${t}`],
    ['a trailing line feed', (t: string) => `DPoP ${t}\n`],
    ['a trailing carriage return', (t: string) => `DPoP ${t}\r`],
    ['a trailing no-break space', (t: string) => `DPoP ${t}\u00a0`],
    ['a trailing ideographic space', (t: string) => `DPoP ${t}\u3000`],
    ['two credentials joined by a proxy', (t: string) => `DPoP ${t}, DPoP ${t}`],
    ['a trailing comma', (t: string) => `DPoP ${t},`],
    ['a second word', (t: string) => `DPoP ${t} x`],
    ['the token in quotes', (t: string) => `DPoP "${t}"`],
    ['a token68 padding sign', (t: string) => `DPoP ${t}=`],
  ])('TOKEN_MALFORMED for %s', async (_label, shape) => {
    const s = new Scenario();
    const token = await s.token();
    expect(await outcome(s.verifier, request(shape(token), await s.proof(token)))).toBe(
      'TOKEN_MALFORMED',
    );
  });

  it('bounds the token at maxTokenBytes exactly, and the header before trimming it', async () => {
    const probe = new Scenario();
    const length = (await probe.token()).length;
    const exact = new Scenario({ maxTokenBytes: length, device: probe.device });
    const under = new Scenario({ maxTokenBytes: length - 1, device: probe.device });
    const exactToken = await exact.token();
    const underToken = await under.token();

    expect(exactToken).toHaveLength(length);
    expect(await sendToken(exact, exactToken)).toBe('ACCEPTED');
    expect(await sendToken(under, underToken)).toBe('TOKEN_TOO_LARGE');
    const padded = `${' '.repeat(17)}DPoP ${exactToken}`;
    expect(await outcome(exact.verifier, request(padded, await exact.proof(exactToken)))).toBe(
      'TOKEN_TOO_LARGE',
    );
  });
});

describe('canonical base64url in every segment', () => {
  it('refuses a token whose header, payload or signature has a second spelling', async () => {
    const s = new Scenario();
    // A signature holding '-' or '_', so that it has a spelling in the base64 alphabet too.
    let token = await s.token();
    for (let i = 0; i < 50 && !/[-_]/.test(segments(token)[2]); i++) {
      token = await s.token();
    }
    const [header, payload, signature] = segments(token);
    const standard = signature.replace(/-/g, '+').replace(/_/g, '/');

    expect(standard).not.toBe(signature);
    expect(await sendToken(s, token)).toBe('ACCEPTED');
    // Header: never reaches the signature check.
    expect(await sendToken(s, `${header}=.${payload}.${signature}`)).toBe('TOKEN_MALFORMED');
    expect(await sendToken(s, `${latin1Alias(header, 3)}.${payload}.${signature}`)).toBe(
      'TOKEN_MALFORMED',
    );
    expect(
      await sendToken(s, `${header.slice(0, 5)}\n${header.slice(5)}.${payload}.${signature}`),
    ).toBe('TOKEN_MALFORMED');
    // Payload: any change but a Latin-1 alias changes the signed bytes.
    expect(await sendToken(s, `${header}.${payload}=.${signature}`)).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(await sendToken(s, `${header}.${latin1Alias(payload, 7)}.${signature}`)).toBe(
      'TOKEN_MALFORMED',
    );
    expect(await sendToken(s, `${header}.${payload}.${latin1Alias(signature, 0)}`)).toBe(
      'TOKEN_MALFORMED',
    );
    // Signature: 64 bytes leave spare bits in the last character.
    expect(await sendToken(s, `${header}.${payload}.${withSpareBit(signature)}`)).toBe(
      'TOKEN_MALFORMED',
    );
    expect(await sendToken(s, `${header}.${payload}.${signature}==`)).toBe('TOKEN_MALFORMED');
    expect(await sendToken(s, `${header}.${payload}.${standard}`)).toBe('TOKEN_MALFORMED');
    expect(await sendToken(s, token)).toBe('ACCEPTED');
  });

  it('refuses a proof whose header, payload or signature has a second spelling', async () => {
    const s = new Scenario();
    const token = await s.token();
    const proof = deviceProof(
      s,
      { typ: 'dpop+jwt', alg: 'ES256', jwk: s.device.publicJwk },
      { ...proofClaims(), ath: tokenHash(token) },
    );
    const [header, payload, signature] = segments(proof);

    expect(await sendProof(s, token, `${latin1Alias(header, 4)}.${payload}.${signature}`)).toBe(
      'PROOF_MALFORMED',
    );
    expect(await sendProof(s, token, `${header}.${latin1Alias(payload, 4)}.${signature}`)).toBe(
      'PROOF_MALFORMED',
    );
    expect(await sendProof(s, token, `${header}.${payload}.${withSpareBit(signature)}`)).toBe(
      'PROOF_MALFORMED',
    );
    expect(await sendProof(s, token, `${header}=.${payload}.${signature}`)).toBe('PROOF_MALFORMED');
    expect(await sendProof(s, token, `${header}.${payload}=.${signature}`)).toBe(
      'PROOF_SIGNATURE_INVALID',
    );
    expect(await sendProof(s, token, `${header}.${payload}.${signature}\ud800`)).toBe(
      'PROOF_MALFORMED',
    );
    expect(await sendProof(s, token, proof)).toBe('ACCEPTED');
  });
});

describe('hostile input', () => {
  it.each([
    ['an empty token', 'DPoP .', 'TOKEN_MALFORMED'],
    ['dots alone', 'DPoP ..', 'TOKEN_MALFORMED'],
    ['three dots', 'DPoP ...', 'TOKEN_MALFORMED'],
    ['empty segments around a signature', `DPoP ..${'A'.repeat(86)}`, 'TOKEN_MALFORMED'],
    ['a lone surrogate', 'DPoP \ud800.e30.AA', 'TOKEN_MALFORMED'],
    ['a NUL', 'DPoP e30\u0000.e30.AA', 'TOKEN_MALFORMED'],
    ['a huge header', `DPoP ${'e'.repeat(50_000)}.e30.AA`, 'TOKEN_TOO_LARGE'],
  ])('refuses %s', async (_label, authorization, code) => {
    const s = new Scenario();
    expect(await outcome(s.verifier, request(authorization, await s.proof(undefined)))).toBe(code);
  });

  it('PROOF_MALFORMED for a proof header or payload nested far past the bound', async () => {
    const s = new Scenario();
    const token = await s.token();
    const deep = `${'['.repeat(300)}${']'.repeat(300)}`;
    const deepHeader = `{"typ":"dpop+jwt","alg":"ES256","jwk":${JSON.stringify(s.device.publicJwk)},"x":${deep}}`;
    const claims = JSON.stringify({ ...proofClaims(), ath: tokenHash(token) });
    const deepClaims = claims.replace(/\}$/, `,"x":${deep}}`);
    const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: s.device.publicJwk };

    expect(await sendProof(s, token, deviceProof(s, deepHeader, claims))).toBe('PROOF_MALFORMED');
    expect(await sendProof(s, token, deviceProof(s, header, deepClaims))).toBe('PROOF_MALFORMED');
  });

  it('refuses every one-character change to a token or proof with a documented code', async () => {
    const s = new Scenario({ proofMaxAgeSeconds: 600 });
    const token = await s.token();
    const proof = await s.proof(token);
    const random = seeded(4242);
    const pool = [
      ...ALPHABET,
      '.',
      '=',
      '+',
      '/',
      ' ',
      '\t',
      ',',
      '"',
      '\u0141',
      '\u00c1',
      '\ud800',
      '\u0000',
    ];
    const mutate = (text: string): string => {
      const at = 1 + Math.floor(random() * (text.length - 2));
      const char = pick(random, pool);
      const roll = random();
      if (roll < 0.4) {
        return `${text.slice(0, at)}${char}${text.slice(at + 1)}`;
      }
      if (roll < 0.8) {
        return `${text.slice(0, at)}${char}${text.slice(at)}`;
      }
      return `${text.slice(0, at)}${text.slice(at + 1)}`;
    };

    for (let i = 0; i < 400; i++) {
      const changeToken = i % 2 === 0;
      const changed = mutate(changeToken ? token : proof);
      if (changed === (changeToken ? token : proof)) {
        continue;
      }
      let code: string;
      try {
        await s.verifier.verifyRequest(
          changeToken ? request(`DPoP ${changed}`, proof) : request(`DPoP ${token}`, changed),
        );
        code = 'ACCEPTED';
      } catch (error) {
        code = isVerificationError(error) ? error.code : `THREW ${String(error)}`;
      }
      expect([changed, DOCUMENTED_CODES.has(code)]).toEqual([changed, true]);
      expect([changed, code.startsWith(changeToken ? 'TOKEN_' : 'PROOF_')]).toEqual([
        changed,
        true,
      ]);
    }
    expect(await sendProof(s, token, proof)).toBe('ACCEPTED');
  });
});
