import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve('apps/api/test/fixtures');

/** A recorded vector: real device evidence with its source, clock and expectations. */
export interface Vector {
  source: string;
  input: Record<string, unknown> & { verifyAt?: string };
  expect: Record<string, unknown>;
}

export function loadVector(file: string): Vector {
  return JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as Vector;
}

/** PEM certificates to base64 DER, as the enrolment API takes them. */
export function chainToBase64Der(chainPem: readonly string[]): string[] {
  return chainPem.map((pem) => new X509Certificate(pem).raw.toString('base64'));
}

export const PIXEL_7_PRO = 'google-android-key-attestation_pixel7pro_normal_cert_chain.json';
export const IPHONE_ATTESTATION = 'veehaitch_ios-14.2_attestation.json';
export const IPHONE_ASSERTION = 'veehaitch_ios-14.2_assertion.json';
