/**
 * Lists the members of a JSON object as they appear in the text, duplicates included.
 * JSON.parse keeps only the last of repeated member names, which would hide a status list
 * that contradicts itself. Call only on text that JSON.parse has already accepted.
 */

export interface RawMember {
  readonly name: string;
  /** The member's value as raw JSON text. */
  readonly valueText: string;
}

function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length && ' \t\r\n'.includes(text.charAt(pos))) pos++;
  return pos;
}

/** Returns the index just past the string literal starting at `pos`. */
function skipString(text: string, pos: number): number {
  pos++;
  while (text.charAt(pos) !== '"') pos += text.charAt(pos) === '\\' ? 2 : 1;
  return pos + 1;
}

/** Returns the index just past the JSON value starting at `pos`. */
function skipValue(text: string, pos: number): number {
  const first = text.charAt(pos);
  if (first === '"') return skipString(text, pos);
  if (first !== '{' && first !== '[') {
    while (pos < text.length && !',}] \t\r\n'.includes(text.charAt(pos))) pos++;
    return pos;
  }
  let depth = 0;
  do {
    const c = text.charAt(pos);
    if (c === '"') {
      pos = skipString(text, pos);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    if (c === '}' || c === ']') depth--;
    pos++;
  } while (depth > 0);
  return pos;
}

/** Members of the object whose opening brace is at `start`, in text order. */
export function objectMembers(text: string, start: number, maxMembers: number): RawMember[] {
  const members: RawMember[] = [];
  let pos = skipWhitespace(text, start + 1);
  while (text.charAt(pos) === '"') {
    if (members.length >= maxMembers) throw new RangeError(`more than ${maxMembers} members`);
    const nameEnd = skipString(text, pos);
    const name = JSON.parse(text.slice(pos, nameEnd)) as string;
    const valueStart = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    members.push({ name, valueText: text.slice(valueStart, valueEnd) });
    pos = skipWhitespace(text, valueEnd);
    if (text.charAt(pos) === ',') pos = skipWhitespace(text, pos + 1);
  }
  return members;
}

/** Offset of the first non-whitespace character: where a top-level value starts. */
export function valueStart(text: string): number {
  return skipWhitespace(text, 0);
}
