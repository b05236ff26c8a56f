import { splitCompactJws } from '../src/compact-jws.js';
import { decodeBase64url, decodeJsonSegment } from '../src/strict-json.js';

const segment = (text: string): string => Buffer.from(text).toString('base64url');
const decode = (text: string, maxDepth = 4): unknown => decodeJsonSegment(segment(text), maxDepth);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('repeated member names', () => {
  it.each([
    ['a repeat whose first value held an object', '{"a":{"x":1,"y":2},"a":1}'],
    ['a repeat whose last value holds an object', '{"a":1,"a":{"x":1}}'],
    ['a repeat inside an object within an array', '{"a":[{"x":1},{"x":1,"x":2}]}'],
    ['a nested repeat spelled with an escape', '{"c":{"k":1,"\\u006b":2}}'],
    ['a repeated __proto__', '{"__proto__":1,"__proto__":2}'],
    ['a repeat at the top among nested objects', '{"a":{},"b":{"c":1},"a":{}}'],
  ])('refuses %s', (_label, text) => {
    expect(decode(text)).toBeUndefined();
  });

  it.each([
    ['whitespace before the repeated colon', '{"a":1,"a" :2}'],
    ['whitespace before the first colon', '{"a"\t:1,"a":2}'],
    ['a line break inside the object', '{\n"a": 1,\n"a": 2\n}'],
    ['an escape elsewhere in the text', '{"a":"\\"","a":2}'],
  ])('refuses a repeat in text written with %s', (_label, text) => {
    expect(decode(text)).toBeUndefined();
  });

  it('accepts string values that begin with a colon', () => {
    expect(decode('{"a":":x","b":[":",":y"]}')).toEqual({ a: ':x', b: [':', ':y'] });
  });

  it('accepts whitespace around names when none repeats', () => {
    expect(decode('{ "a" : 1 ,\n "b"\t: { "c" : "d" } }')).toEqual({ a: 1, b: { c: 'd' } });
  });

  it('counts only the separators outside strings', () => {
    expect(decode('{"a":"x:y{[","b":"\\":\\"","c":[":"]}')).toEqual({
      a: 'x:y{[',
      b: '":"',
      c: [':'],
    });
  });

  it('accepts one __proto__ member as plain data', () => {
    const value = decode('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>;

    expect(Object.keys(value)).toEqual(['__proto__', 'y']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('is not fooled by enumerable members added to Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'injected', {
      value: 1,
      enumerable: true,
      configurable: true,
    });
    try {
      expect(decode('{"a":{"b":1}}')).toEqual({ a: { b: 1 } });
      expect(decode('{"a":{"b":1,"b":2}}')).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });
});

describe('nesting bound', () => {
  it('counts arrays and objects alike, up to the bound inclusive', () => {
    expect(decode('{"a":[[1]]}', 3)).toEqual({ a: [[1]] });
    expect(decode('{"a":[[[1]]]}', 3)).toBeUndefined();
    expect(decode('{"a":{"b":{}}}', 3)).toBeDefined();
    expect(decode('{"a":{"b":{"c":{}}}}', 3)).toBeUndefined();
  });

  it('ignores brackets inside strings', () => {
    expect(decode('{"a":"[[[[{{{{"}', 1)).toEqual({ a: '[[[[{{{{' });
  });
});

describe('canonical base64url', () => {
  it('accepts a last character only when the bits it carries past the last byte are zero', () => {
    for (const body of ['', 'AAAA', 'q83v']) {
      for (const head of ['Q', 'QU']) {
        // Two characters carry one byte and 4 spare bits; three carry two bytes and 2 spare.
        const spareBits = head.length === 1 ? 0b1111 : 0b11;
        for (const [index, last] of [...ALPHABET].entries()) {
          const text = `${body}${head}${last}`;

          expect([text, decodeBase64url(text) !== undefined]).toEqual([
            text,
            (index & spareBits) === 0,
          ]);
        }
      }
    }
    expect(decodeBase64url('q83v')).toEqual(Buffer.from([0xab, 0xcd, 0xef]));
    expect(decodeBase64url('')).toEqual(Buffer.alloc(0));
  });

  it.each([
    ['padding', 'q83vqw=='],
    ['the base64 alphabet', 'q8+/'],
    ['a space', 'q8 3v'],
    ['a line break', 'q83v\nq83v'],
    ['a character past Latin-1', 'q83v\u0141'],
    ['a Latin-1 character whose low bits spell a letter', 'q83v\u00c1'],
    ['a length that leaves one character over', 'q83vq'],
  ])('refuses %s', (_label, text) => {
    expect(decodeBase64url(text)).toBeUndefined();
  });

  it('refuses a JWS whose signature has a second spelling', () => {
    const signature = Buffer.alloc(64, 7).toString('base64url');
    const jws = `${segment('{}')}.${segment('{}')}.${signature}`;
    const spare = `${jws.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(jws.slice(-1)) + 1]}`;

    expect(splitCompactJws(jws)?.signature).toEqual(Buffer.alloc(64, 7));
    expect(Buffer.from(spare.split('.')[2]!, 'base64url')).toEqual(Buffer.alloc(64, 7));
    expect(splitCompactJws(spare)).toBeUndefined();
  });
});
