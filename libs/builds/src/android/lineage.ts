import { BuildError } from '../errors.js';
import { parseCertificate, type Certificate } from '../crypto/certificate.js';
import { LvReader } from './lv-reader.js';
import { signatureAlgorithm, verifySignature } from './signature-algorithms.js';

/** One step of a proof-of-rotation lineage, oldest first. */
export interface LineageNode {
  readonly certificate: Certificate;
  /** Capabilities the newer key grants this one (installed data, shared uid, permission, rollback, auth). */
  readonly flags: number;
}

const LINEAGE_VERSION = 1;

function invalid(detail: string): BuildError {
  return new BuildError('LINEAGE_INVALID', `proof-of-rotation lineage: ${detail}`);
}

/**
 * Parses and verifies a v3 proof-of-rotation attribute: each node's signed data (its certificate
 * and the algorithm the previous key signed it with) must verify with the previous node's key.
 */
export function verifyLineage(value: Buffer, maxNodes: number): LineageNode[] {
  const reader = new LvReader(value, 'proof-of-rotation lineage');
  if (reader.u32() !== LINEAGE_VERSION) throw invalid(`expected version ${LINEAGE_VERSION}`);

  const nodes: LineageNode[] = [];
  let previousAlgorithmId = 0;
  while (reader.remaining > 0) {
    if (nodes.length >= maxNodes) throw invalid(`more than ${maxNodes} nodes`);
    const node = new LvReader(reader.lengthPrefixed(), 'lineage node');
    const signedData = node.lengthPrefixed();
    const flags = node.u32();
    const algorithmId = node.u32();
    const signature = node.lengthPrefixed();
    node.end();

    const signed = new LvReader(signedData, 'lineage signed data');
    const certificate = parseCertificate(
      signed.lengthPrefixed(),
      `lineage certificate ${nodes.length + 1}`,
    );
    const signedAlgorithmId = signed.u32();
    signed.end();

    // Every node after the first is signed by the key before it, with the algorithm that key's
    // node names; the signed data repeats that algorithm so it cannot be swapped.
    const previous = nodes.at(-1);
    if (previous !== undefined) {
      const algorithm = signatureAlgorithm(previousAlgorithmId);
      if (algorithm === undefined)
        throw invalid(`unknown algorithm 0x${previousAlgorithmId.toString(16)}`);
      if (signedAlgorithmId !== previousAlgorithmId) throw invalid('signed algorithm id differs');
      if (!verifySignature(algorithm, previous.certificate.publicKey, signedData, signature)) {
        throw invalid(`signature on node ${nodes.length + 1} does not verify`);
      }
    }

    if (nodes.some((seen) => seen.certificate.sha256 === certificate.sha256)) {
      throw invalid('a certificate appears twice');
    }
    nodes.push({ certificate, flags });
    previousAlgorithmId = algorithmId;
  }
  if (nodes.length === 0) throw invalid('expected at least one node');
  return nodes;
}
