import { printable } from '../src/terminal-text.js';
import { terminalControls } from './cli-harness.js';

describe('printable', () => {
  it('keeps ordinary text, including letters beyond ASCII, as it is', () => {
    const text = 'https://tessera.vendor.example/Zürich/東京 kid-1 ✓ 😀';
    expect(printable(text)).toBe(text);
  });

  it('shows line breaks, tabs and backslashes as escapes', () => {
    expect(printable('a\nb\rc\td\\n')).toBe('a\\nb\\rc\\td\\\\n');
  });

  it('shows C0, DEL and C1 control characters as \\x escapes', () => {
    expect(printable('\x00\x07\x1b[8m\x7f\x85\x9b2J')).toBe('\\x00\\x07\\x1b[8m\\x7f\\x85\\x9b2J');
  });

  it('shows bidi overrides, isolates and line separators as \\u escapes', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068'];
    expect(printable(`${bidi.join('')}\u2069\u2028\u2029`)).toBe(
      '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029',
    );
  });

  it('shows lone surrogates and format characters beyond the BMP by number', () => {
    expect(printable('\ud800x\u{e0001}')).toBe('\\ud800x\\u{e0001}');
  });

  it('leaves no character a terminal acts on', () => {
    const every = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code)).join('');
    const shown = printable(every);
    expect(terminalControls(shown)).toEqual([]);
    expect(shown).not.toContain('\n');
  });
});
