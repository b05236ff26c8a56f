import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { JwksController } from './jwks.controller.js';
import { KeyRotationService } from './key-rotation.service.js';
import { SigningKeyService } from './signing-key.service.js';
import { SigningKeysController } from './signing-keys.controller.js';
import { TrustBundleController } from './trust-bundle.controller.js';
import { TrustBundleService } from './trust-bundle.service.js';

@Module({
  imports: [AuditModule],
  controllers: [JwksController, SigningKeysController, TrustBundleController],
  providers: [SigningKeyService, KeyRotationService, TrustBundleService],
  exports: [SigningKeyService],
})
export class KeysModule {}
