import { BuildError } from '../errors.js';

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const LC_CODE_SIGNATURE = 0x1d;
const MAX_LOAD_COMMANDS = 4096;
const MAX_ARCHITECTURES = 8;

function malformed(detail: string): BuildError {
  return new BuildError('EXECUTABLE_MALFORMED', `executable: ${detail}`);
}

/** One architecture's Mach-O image and the code signature (embedded SuperBlob) inside it. */
export interface SignedImage {
  readonly image: Buffer;
  readonly signature: Buffer;
  /** Where the signature starts in the image: the end of the code its page hashes cover. */
  readonly signatureOffset: number;
}

/** The signed image of each architecture in a Mach-O executable. */
export function signedImages(bytes: Buffer): SignedImage[] {
  if (bytes.length < 8) throw malformed('too short');
  if (bytes.readUInt32BE(0) !== FAT_MAGIC) return [thinSignature(bytes)];

  const count = bytes.readUInt32BE(4);
  if (count === 0 || count > MAX_ARCHITECTURES || 8 + count * 20 > bytes.length)
    throw malformed('bad fat header');
  const signatures: SignedImage[] = [];
  for (let i = 0; i < count; i++) {
    const offset = bytes.readUInt32BE(8 + i * 20 + 8);
    const size = bytes.readUInt32BE(8 + i * 20 + 12);
    if (offset + size > bytes.length) throw malformed('architecture overruns the file');
    signatures.push(thinSignature(bytes.subarray(offset, offset + size)));
  }
  return signatures;
}

function thinSignature(bytes: Buffer): SignedImage {
  if (bytes.length < 28) throw malformed('too short');
  const magic = bytes.readUInt32LE(0);
  if (magic !== MH_MAGIC && magic !== MH_MAGIC_64)
    throw malformed('expected a little-endian Mach-O image');
  const commandCount = bytes.readUInt32LE(16);
  if (commandCount > MAX_LOAD_COMMANDS) throw malformed('too many load commands');

  let at = magic === MH_MAGIC_64 ? 32 : 28;
  for (let i = 0; i < commandCount; i++) {
    if (at + 8 > bytes.length) throw malformed('load commands overrun the file');
    const command = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size < 8 || at + size > bytes.length) throw malformed('bad load command size');
    if (command === LC_CODE_SIGNATURE) {
      if (size < 16) throw malformed('bad LC_CODE_SIGNATURE');
      const offset = bytes.readUInt32LE(at + 8);
      const length = bytes.readUInt32LE(at + 12);
      if (offset + length > bytes.length) throw malformed('code signature overruns the file');
      return {
        image: bytes,
        signature: bytes.subarray(offset, offset + length),
        signatureOffset: offset,
      };
    }
    at += size;
  }
  throw new BuildError('UNSIGNED', 'executable: no code signature');
}
