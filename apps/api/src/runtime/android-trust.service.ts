import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  GOOGLE_HARDWARE_ROOT_KEYS,
  parseRevocationStatusList,
  type RevocationStatusList,
} from '../../../../libs/attestation/src/android/index.js';
import shippedStatusList from '../../assets/google-attestation-status-2025-01.json' with { type: 'json' };
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';

/**
 * The roots Android evidence must chain to, and Google's attestation status list. Test roots
 * are accepted only in test and demo modes (the configuration refuses them elsewhere).
 */
@Injectable()
export class AndroidTrustService {
  readonly rootKeys: readonly KeyObject[];
  readonly revocationList: RevocationStatusList;
  private readonly logger = new Logger('AndroidTrust');

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    const testRoots = config.testAndroidRootsPem.map((pem) => createPublicKey(pem));
    this.rootKeys = [...GOOGLE_HARDWARE_ROOT_KEYS, ...testRoots];
    if (testRoots.length > 0) this.logger.warn(`trusting ${testRoots.length} test root key(s)`);

    const file = config.androidRevocationListFile;
    if (file === undefined) {
      this.logger.warn(
        'using the attestation status list shipped with Tessera (January 2025); set ' +
          'TESSERA_ANDROID_STATUS_LIST_FILE to a copy refreshed from Google',
      );
    }
    const text =
      file === undefined ? JSON.stringify(shippedStatusList) : readFileSync(file, 'utf8');
    this.revocationList = parseRevocationStatusList(text);
  }
}
