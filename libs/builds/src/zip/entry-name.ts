import { BuildError } from '../errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const MAX_NAME_BYTES = 1024;

/**
 * Decodes and checks an entry name. Names that could escape an extraction folder, alias another
 * entry or be read differently by two tools are refused, not normalised.
 */
export function decodeEntryName(raw: Buffer): string {
  if (raw.length === 0 || raw.length > MAX_NAME_BYTES) {
    throw new BuildError('UNSAFE_ENTRY_NAME', `entry name: expected 1..${MAX_NAME_BYTES} bytes`);
  }
  let name: string;
  try {
    name = UTF8.decode(raw);
  } catch {
    throw new BuildError('UNSAFE_ENTRY_NAME', 'entry name: expected UTF-8');
  }
  const printable = JSON.stringify(name);

  // Matching control characters is the point here: they are refused in entry names.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(name)) {
    throw new BuildError('UNSAFE_ENTRY_NAME', `entry ${printable}: control character or backslash`);
  }
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    throw new BuildError('UNSAFE_ENTRY_NAME', `entry ${printable}: absolute path`);
  }
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    throw new BuildError('UNSAFE_ENTRY_NAME', `entry ${printable}: relative or empty path segment`);
  }
  return name;
}
