import { isUtf8 } from 'node:buffer';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

export type JsonObject = Readonly<Record<string, unknown>>;

/** Decodes base64url without padding strictly: alphabet only, no impossible length. */
export function decodeBase64url(segment: string): Buffer | undefined {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(segment, 'base64url');
}

/**
 * Decodes one JWS segment into a JSON object, or undefined when anything is off: bad
 * base64url, invalid UTF-8, invalid JSON, a top level that is not an object, nesting deeper
 * than `maxDepth`, or a member name repeated within one object (RFC 7515 §5.2 lets a
 * receiver reject duplicates; two parsers picking different values is how confusion starts).
 */
export function decodeJsonSegment(segment: string, maxDepth: number): JsonObject | undefined {
  const bytes = decodeBase64url(segment);
  if (bytes === undefined) {
    return undefined;
  }
  if (!isUtf8(bytes)) {
    return undefined;
  }
  return parseStrictJson(bytes.toString('utf8'), maxDepth);
}

/** Parses JSON text into an object, refusing repeated member names and deep nesting. */
export function parseStrictJson(text: string, maxDepth: number): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || !hasUniqueNamesWithin(text, maxDepth)) {
    return undefined;
  }
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks already-valid JSON text once, tracking containers, and checks that no object repeats
 * a member name (escaped names are decoded before comparing) and that nesting stays bounded.
 */
function hasUniqueNamesWithin(text: string, maxDepth: number): boolean {
  const stack: (Set<string> | null)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      const names = stack[stack.length - 1];
      if (expectName && names) {
        const name = memberName(text, i, end);
        if (names.has(name)) {
          return false;
        }
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      stack.push(c === OPEN_BRACE ? new Set() : null);
      if (stack.length > maxDepth) {
        return false;
      }
      expectName = c === OPEN_BRACE;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
    } else if (c === COMMA) {
      expectName = stack[stack.length - 1] instanceof Set;
    }
  }
  return true;
}

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (text.charCodeAt(i) !== QUOTE) {
    i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
  }
  return i;
}

function memberName(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes('\\') ? (JSON.parse(text.slice(open, close + 1)) as string) : raw;
}
