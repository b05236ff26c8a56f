import { BuildError } from '../errors.js';

/** A section of a JAR manifest or signature file, with the exact bytes it occupies. */
export interface ManifestSection {
  readonly name: string | undefined;
  readonly attributes: ReadonlyMap<string, string>;
  readonly raw: Buffer;
}

export interface JarManifest {
  readonly main: ManifestSection;
  /** Named sections by entry name. */
  readonly entries: ReadonlyMap<string, ManifestSection>;
}

const MAX_SECTIONS = 200_000;
const MAX_ATTRIBUTES = 64;

/** Parses META-INF/MANIFEST.MF or a .SF file (JAR File Specification, manifest format). */
export function parseJarManifest(bytes: Buffer, what: string): JarManifest {
  const fail = (detail: string): BuildError =>
    new BuildError('MANIFEST_MALFORMED', `${what}: ${detail}`);
  const sections: ManifestSection[] = [];
  let lines: string[] = [];
  let start = 0;

  const closeSection = (end: number): void => {
    if (lines.length === 0) return;
    if (sections.length >= MAX_SECTIONS) throw fail('too many sections');
    sections.push(toSection(lines, bytes.subarray(start, end), fail));
    lines = [];
  };

  for (let at = 0; at < bytes.length;) {
    const { line, next } = readLine(bytes, at);
    if (line.length === 0) {
      closeSection(next);
      start = next;
    } else if (line.startsWith(' ')) {
      if (lines.length === 0) throw fail('continuation line without an attribute');
      lines[lines.length - 1] += line.slice(1);
    } else {
      if (lines.length === 0) start = at;
      lines.push(line);
    }
    at = next;
  }
  closeSection(bytes.length);

  const [main, ...named] = sections;
  if (main === undefined) throw fail('empty');
  const entries = new Map<string, ManifestSection>();
  for (const section of named) {
    if (section.name === undefined) throw fail('section without a Name attribute');
    if (entries.has(section.name))
      throw fail(`section ${JSON.stringify(section.name)} appears twice`);
    entries.set(section.name, section);
  }
  return { main, entries };
}

function readLine(bytes: Buffer, at: number): { line: string; next: number } {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  let next = end;
  if (bytes[next] === 0x0d) next++;
  if (bytes[next] === 0x0a) next++;
  return { line: bytes.toString('utf8', at, end), next };
}

function toSection(
  lines: string[],
  raw: Buffer,
  fail: (detail: string) => BuildError,
): ManifestSection {
  if (lines.length > MAX_ATTRIBUTES) throw fail('too many attributes in one section');
  const attributes = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(': ');
    if (colon <= 0) throw fail(`expected "Name: value", got a line of ${line.length} characters`);
    const key = line.slice(0, colon).toLowerCase();
    if (attributes.has(key)) throw fail(`attribute ${key} repeated in a section`);
    attributes.set(key, line.slice(colon + 2));
  }
  return { name: attributes.get('name'), attributes, raw };
}

/** Digest attributes of a section, e.g. "SHA-256-Digest", by Node hash name. */
export function digestAttributes(section: ManifestSection, suffix: string): Map<string, Buffer> {
  const digests = new Map<string, Buffer>();
  for (const [key, value] of section.attributes) {
    if (!key.endsWith(suffix)) continue;
    const hash = JAR_DIGESTS[key.slice(0, key.length - suffix.length)];
    if (hash !== undefined) digests.set(hash, Buffer.from(value, 'base64'));
  }
  return digests;
}

// Digest algorithm names used in JAR manifests, lowercased, by Node hash name.
const JAR_DIGESTS: Readonly<Record<string, string>> = {
  sha1: 'sha1',
  'sha-1': 'sha1',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
};
