import { AsnConvert } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';

import { BuildError } from '../errors.js';

/**
 * A comparison key for a distinguished name (RFC 5280 section 7.1): the same attributes in the
 * same order, values compared case-insensitively with whitespace folded, whatever string type
 * encoded them. JAR signers often name a UTF8String issuer with a PrintableString.
 */
export function nameKey(der: Uint8Array): string {
  let name: Name;
  try {
    name = AsnConvert.parse(der, Name);
  } catch {
    throw new BuildError('CERTIFICATE_MALFORMED', 'distinguished name: not parsable');
  }
  return name
    .map((rdn) =>
      rdn
        .map((attribute) => `${attribute.type}=${normalise(attribute.value.toString())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

function normalise(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}
