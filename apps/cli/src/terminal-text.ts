/**
 * Characters a terminal would act on rather than show: control characters (C0, DEL, C1),
 * format characters such as the bidi overrides U+202A–U+202E and isolates U+2066–U+2069,
 * line and paragraph separators, surrogates, private-use and unassigned code points, and the
 * backslash, so that an escape in the output always means an escaped character.
 */
const UNPRINTABLE = /[\\\p{C}\p{Zl}\p{Zp}]/gu;

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Text from an untrusted source made safe to print on one line: every character that could
 * move the cursor, start an escape sequence or reorder the line is shown as a visible escape
 * (`\n`, `\x1b`, `\u202e`).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => NAMED[character] ?? codePointEscape(character));
}

function codePointEscape(character: string): string {
  const codePoint = character.codePointAt(0) as number;
  const hex = codePoint.toString(16);
  if (codePoint <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\u{${hex}}`;
}
