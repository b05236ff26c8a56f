import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { JwksController } from './jwks.controller.js';
import { SigningKeyService } from './signing-key.service.js';

@Module({
  imports: [AuditModule],
  controllers: [JwksController],
  providers: [SigningKeyService],
  exports: [SigningKeyService],
})
export class KeysModule {}
