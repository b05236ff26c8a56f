import { isUtf8 } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
// JSON whitespace (RFC 8259 §2)
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Decodes base64url without padding strictly: only the one canonical spelling of some bytes
 * (RFC 4648 §3.5) is accepted. Node's decoder skips characters outside the alphabet and
 * ignores spare bits, so the bytes are encoded again and must give back the very text: no
 * foreign character, no padding, no impossible length and no non-zero spare bits survive.
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
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
  const members = countMembers(value, maxDepth);
  return (
    members !== undefined &&
    (countNameColons(text) === members || countNamesInText(text) === members)
  );
}

/**
 * A quick count of the colons that could end a member name: those right after a quote or
 * after whitespace. Every name's colon is one of them (JSON puts only whitespace between a
 * name and its colon); a colon inside a string may add more. The count is therefore at least
 * the names, which are at least the members, so a count equal to the members proves that no
 * name repeats; any other count is settled by the exact scan.
 */
function countNameColons(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
    const before = text.charCodeAt(at - 1);
    if (before === QUOTE || before === SPACE || before === TAB || before === LF || before === CR) {
      count++;
    }
  }
  return count;
}

/** Counts member names in valid JSON text: each is followed by the one colon outside strings. */
function countNamesInText(text: string): number {
  let names = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
    } else if (c === COLON) {
      names++;
    }
  }
  return names;
}

/**
 * Members of every object within a parsed JSON value, or undefined when objects and arrays
 * nest deeper than `maxDepth` (the value itself is at depth 1).
 */
function countMembers(value: unknown, maxDepth: number): number | undefined {
  if (typeof value !== 'object' || value === null) {
    return 0;
  }
  if (maxDepth === 0) {
    return undefined;
  }
  let members = 0;
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) {
      const inner = countMembers(element, maxDepth - 1);
      if (inner === undefined) {
        return undefined;
      }
      members += inner;
    }
    return members;
  }
  for (const name in value) {
    if (Object.hasOwn(value, name)) {
      const inner = countMembers((value as JsonObject)[name], maxDepth - 1);
      if (inner === undefined) {
        return undefined;
      }
      members += 1 + inner;
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
