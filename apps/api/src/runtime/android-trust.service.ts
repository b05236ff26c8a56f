import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  GOOGLE_HARDWARE_ROOT_KEYS,
  parseRevocationStatusList,
  type RevocationStatusList,
} from '../../../../libs/attestation/src/android/index.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';

/**
 * The roots Android evidence must chain to, and Google's attestation status list. Test roots
 * are accepted only in test and demo modes (the configuration refuses them elsewhere).
 */
@Injectable()
export class AndroidTrustService {
  readonly rootKeys: readonly KeyObject[];
  readonly revocationList: RevocationStatusList | undefined;
  private readonly logger = new Logger('AndroidTrust');

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    const testRoots = config.testAndroidRootsPem.map((pem) => createPublicKey(pem));
    this.rootKeys = [...GOOGLE_HARDWARE_ROOT_KEYS, ...testRoots];
    if (testRoots.length > 0) this.logger.warn(`trusting ${testRoots.length} test root key(s)`);

    const file = config.androidRevocationListFile;
    if (file === undefined) {
      // TODO(#2): fetch Google's status list on a schedule; until then operators point
      // TESSERA_ANDROID_STATUS_LIST_FILE at a copy they refresh, and revoked keyboxes pass otherwise.
      this.logger.warn(
        'no Android attestation status list configured; revoked keyboxes are not refused',
      );
      this.revocationList = undefined;
      return;
    }
    this.revocationList = parseRevocationStatusList(readFileSync(file, 'utf8'));
  }
}
