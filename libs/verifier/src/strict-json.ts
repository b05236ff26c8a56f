import { isUtf8 } from 'node:buffer';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

export type JsonObject = Readonly<Record<string, unknown>>;

/** Decodes base64url without padding strictly: alphabet only, no impossible length. */
export function decodeBase64url(segment: string): Buffer | undefined {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(segment, 'base64url');
}

/**
 * Whether base64url text without padding (alphabet and length already checked) is the one
 * canonical spelling of its bytes (RFC 4648 §3.5): the bits its last character carries beyond
 * the final byte are zero. A full last group of four characters has none.
 */
export function hasCanonicalTail(segment: string): boolean {
  const tailLength = segment.length % 4;
  if (tailLength === 0) {
    return true;
  }
  if (tailLength === 1) {
    return false;
  }
  const last = BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1));
  // Two characters carry one byte and 4 spare bits; three carry two bytes and 2 spare bits.
  const spareBits = tailLength === 2 ? 0b1111 : 0b11;
  return (last & spareBits) === 0;
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
  if (!isJsonObject(value) || !hasUniqueNamesWithin(text, value, maxDepth)) {
    return undefined;
  }
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks already-valid JSON text and its parsed value: nesting stays within `maxDepth`, and no
 * object repeats a member name. JSON.parse keeps one member per name (escaped spellings
 * decoded) and drops the other values with whatever they held, so the parsed objects hold
 * fewer members than the text has names exactly when some object repeated a name.
 */
function hasUniqueNamesWithin(text: string, value: JsonObject, maxDepth: number): boolean {
  const namesInText = countNamesInText(text, maxDepth);
  return namesInText !== undefined && namesInText === countMembers(value);
}

/**
 * Counts member names in valid JSON text, each followed by the one colon outside strings that
 * JSON allows per member; undefined when nesting exceeds `maxDepth`.
 */
function countNamesInText(text: string, maxDepth: number): number | undefined {
  let names = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
    } else if (c === COLON) {
      names++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        return undefined;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return names;
}

/** Members of every object within a parsed JSON value; its depth was bounded beforehand. */
function countMembers(value: unknown): number {
  if (typeof value !== 'object' || value === null) {
    return 0;
  }
  let members = 0;
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) {
      members += countMembers(element);
    }
    return members;
  }
  for (const name in value) {
    if (Object.hasOwn(value, name)) {
      members += 1 + countMembers((value as JsonObject)[name]);
    }
  }
  return members;
}

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (text.charCodeAt(i) !== QUOTE) {
    i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
  }
  return i;
}
