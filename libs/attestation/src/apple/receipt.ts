import { ContentInfo, id_data, id_signedData, SignedData } from '@peculiar/asn1-cms';
import {
  AsnArray,
  AsnConvert,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';

import { AttestationError } from '../errors.js';
import { MAX_RECEIPT_BYTES } from './limits.js';

/** The fields of an App Attest receipt ("Assessing fraud risk", receipt fields). */
export interface AppAttestReceipt {
  type: 'ATTEST' | 'RECEIPT';
  appId: string;
  /** DER of the credential certificate the receipt is about. */
  attestedCertificate: Uint8Array;
  clientHash: Uint8Array;
  token: string;
  /** "sandbox" for development keys; absent in production receipts of some generations. */
  environment?: string;
  creationTime: Date;
  notBefore?: Date;
  expirationTime: Date;
  riskMetric?: number;
}

/** The signed parts of the CMS envelope, for signature verification. */
export interface ReceiptEnvelope {
  signedData: SignedData;
  content: Uint8Array;
}

const MAX_RECEIPT_FIELDS = 32;
const FIELD = {
  appId: 2,
  certificate: 3,
  clientHash: 4,
  token: 5,
  type: 6,
  environment: 7,
} as const;
const TIME_FIELD = { creationTime: 12, notBefore: 19, expirationTime: 21 } as const;
const RISK_METRIC = 17;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** ReceiptAttribute ::= SEQUENCE { type INTEGER, version INTEGER, value OCTET STRING } */
@AsnType({ type: AsnTypeTypes.Sequence })
class ReceiptAttribute {
  @AsnProp({ type: AsnPropTypes.Integer })
  type = 0;
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;
  @AsnProp({ type: AsnPropTypes.OctetString })
  value: ArrayBuffer = new ArrayBuffer(0);
}

@AsnType({ type: AsnTypeTypes.Set, itemType: ReceiptAttribute })
class ReceiptPayload extends AsnArray<ReceiptAttribute> {}

/** The chunks of a constructed (BER) OCTET STRING, read as a SEQUENCE OF OCTET STRING. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: OctetString })
class OctetStringChunks extends AsnArray<OctetString> {}

const CONSTRUCTED_OCTET_STRING_TAG = 0x24;
const SEQUENCE_TAG = 0x30;

/** Opens the CMS SignedData envelope of a receipt. Apple sends some receipts BER-encoded. */
export function openReceiptEnvelope(receipt: Uint8Array): ReceiptEnvelope {
  if (receipt.length > MAX_RECEIPT_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `receipt: expected at most ${MAX_RECEIPT_BYTES} bytes`,
    );
  }
  try {
    const info = AsnConvert.parse(receipt, ContentInfo);
    if (info.contentType !== id_signedData) {
      throw new Error('not signed data');
    }
    const signedData = AsnConvert.parse(info.content, SignedData);
    const encapsulated = signedData.encapContentInfo;
    if (encapsulated.eContentType !== id_data || !encapsulated.eContent) {
      throw new Error('no data content');
    }
    return { signedData, content: contentBytes(encapsulated.eContent) };
  } catch {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt: expected CMS SignedData with data content',
    );
  }
}

function contentBytes(eContent: { single?: OctetString; any?: ArrayBuffer }): Uint8Array {
  if (eContent.single) {
    return new Uint8Array(eContent.single.buffer);
  }
  const constructed = new Uint8Array(eContent.any ?? new ArrayBuffer(0));
  if (constructed[0] !== CONSTRUCTED_OCTET_STRING_TAG) {
    throw new Error('unexpected content encoding');
  }
  // Same length octets and chunk layout; only the outer tag differs from SEQUENCE OF.
  constructed[0] = SEQUENCE_TAG;
  const chunks = AsnConvert.parse(constructed, OctetStringChunks);
  return new Uint8Array(Buffer.concat(chunks.map((chunk) => new Uint8Array(chunk.buffer))));
}

/** Reads the receipt's fields without checking its signature (see verifyAppAttestReceipt). */
export function parseAppAttestReceipt(receipt: Uint8Array): AppAttestReceipt {
  if (!(receipt instanceof Uint8Array)) {
    throw new TypeError('receipt must be a Uint8Array');
  }
  return readReceiptPayload(openReceiptEnvelope(receipt).content);
}

export function readReceiptPayload(content: Uint8Array): AppAttestReceipt {
  const fields = decodeFields(content);
  const text = (type: number) => {
    const value = fields.get(type);
    return value === undefined
      ? undefined
      : new TextDecoder('utf-8', { fatal: true }).decode(value);
  };
  const required = (type: number, name: string) => {
    const value = text(type);
    if (value === undefined) {
      throw new AttestationError('MALFORMED_EVIDENCE', `receipt.${name}: missing`);
    }
    return value;
  };

  const type = required(FIELD.type, 'type');
  if (type !== 'ATTEST' && type !== 'RECEIPT') {
    throw new AttestationError('MALFORMED_EVIDENCE', 'receipt.type: expected ATTEST or RECEIPT');
  }
  const environment = text(FIELD.environment);
  const notBefore = text(TIME_FIELD.notBefore);
  const riskMetric = text(RISK_METRIC);
  const certificate = fields.get(FIELD.certificate);
  const clientHash = fields.get(FIELD.clientHash);
  if (!certificate || !clientHash) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt: expected the attested certificate and client hash',
    );
  }

  return {
    type,
    appId: required(FIELD.appId, 'appId'),
    attestedCertificate: certificate,
    clientHash,
    token: required(FIELD.token, 'token'),
    ...(environment !== undefined ? { environment } : {}),
    creationTime: parseTime(required(TIME_FIELD.creationTime, 'creationTime'), 'creationTime'),
    ...(notBefore !== undefined ? { notBefore: parseTime(notBefore, 'notBefore') } : {}),
    expirationTime: parseTime(
      required(TIME_FIELD.expirationTime, 'expirationTime'),
      'expirationTime',
    ),
    ...(riskMetric !== undefined ? { riskMetric: parseRiskMetric(riskMetric) } : {}),
  };
}

function decodeFields(content: Uint8Array): Map<number, Uint8Array> {
  let payload: ReceiptPayload;
  try {
    payload = AsnConvert.parse(content, ReceiptPayload);
  } catch {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt payload: expected a SET of receipt attributes',
    );
  }
  if (payload.length > MAX_RECEIPT_FIELDS) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `receipt payload: expected at most ${MAX_RECEIPT_FIELDS} fields`,
    );
  }
  const fields = new Map<number, Uint8Array>();
  for (const attribute of payload) {
    if (fields.has(attribute.type)) {
      throw new AttestationError(
        'MALFORMED_EVIDENCE',
        `receipt payload: field ${attribute.type} repeated`,
      );
    }
    fields.set(attribute.type, new Uint8Array(attribute.value));
  }
  return fields;
}

function parseTime(value: string, name: string): Date {
  const time = new Date(value);
  if (!RFC3339_UTC.test(value) || Number.isNaN(time.getTime())) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `receipt.${name}: expected an RFC 3339 UTC time`,
    );
  }
  return time;
}

function parseRiskMetric(value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt.riskMetric: expected a decimal integer',
    );
  }
  return Number(value);
}
